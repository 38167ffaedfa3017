#include <plugin_common/json_object.hpp>

#include <Poco/JSON/Parser.h>

#include <exception>

namespace mstr::internal::common {

Poco::JSON::Object::Ptr parse_json_object(const std::string& body) {
  try {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return nullptr;  // Poco::Exception derives from std::exception, as does a bad extract
  }
}

}  // namespace mstr::internal::common
