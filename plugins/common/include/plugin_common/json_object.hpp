#pragma once
// Reading a cloud service's answer as a JSON object without letting a parse error escape: an answer
// that is not one (a proxy's HTML page, an empty body) is simply no object.

#include <Poco/JSON/Object.h>

#include <string>

namespace mstr::internal::common {

// The object `body` holds, or null when it is not a JSON object.
Poco::JSON::Object::Ptr parse_json_object(const std::string& body);

}  // namespace mstr::internal::common
