#include "google_error.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace mstr::internal::gcp {

std::optional<GoogleError> parse_google_error(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto error = root->getObject("error");
    if (!error) return std::nullopt;
    GoogleError result;
    result.code = error->optValue<int>("code", 0);
    result.status = error->optValue<std::string>("status", "");
    result.message = error->optValue<std::string>("message", "");
    return result;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace mstr::internal::gcp
