#include <mstr/request_options.hpp>

#include "errors/server_error_mapping.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <utility>

namespace mstr {

Response::Response(HttpResponse raw, std::string url) : raw_(std::move(raw)), url_(std::move(url)) {}

bool Response::is_json() const {
  const auto type = raw_.header("Content-Type");
  if (!type) return false;
  const std::string media = Poco::toLower(type->substr(0, type->find(';')));
  return media.find("application/json") != std::string::npos || media.ends_with("+json");
}

Poco::Dynamic::Var Response::json() const {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(raw_.body);
  } catch (const Poco::Exception& error) {
    // The URL is named without its query string, which may carry values a caller considers private.
    throw Error("the response from " + url_.substr(0, url_.find('?')) + " (HTTP " + std::to_string(raw_.status) +
                ") is not valid JSON: " + internal::body_excerpt(error.message()));
  }
}

}  // namespace mstr
