#include "auth/saved_session_document.hpp"

#include <mstr/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace mstr::internal {
namespace {

constexpr const char* format_name = "mstr-authenticated-session";
constexpr const char* cli_format_name = "mstr-cli-session/1";
constexpr int format_version = 1;

[[noreturn]] void malformed(const std::string& problem) {
  throw SessionException("the saved session is not one this SDK wrote: " + problem);
}

}  // namespace

std::string write_saved_session(const SavedSessionDocument& saved) {
  Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
  document.set("format", format_name);
  document.set("version", format_version);
  document.set("auth_mode", saved.auth_mode);
  if (!saved.username.empty()) document.set("username", saved.username);
  try {
    document.set("session", Poco::JSON::Parser().parse(saved.session));
  } catch (const Poco::Exception&) {
    throw SessionException("the session state did not serialise as JSON");
  }
  std::ostringstream text;
  document.stringify(text, 2);
  text << '\n';
  return text.str();
}

SavedSessionDocument read_saved_session(std::string_view text) {
  Poco::JSON::Object::Ptr document;
  try {
    const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(std::string(text));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) document = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    malformed("it is not valid JSON");
  }
  if (!document) malformed("it is not a JSON object");
  const std::string format = document->optValue<std::string>("format", "");
  if (format == format_name) {
    if (!document->has("version") || document->get("version").toString() != std::to_string(format_version)) {
      malformed("'version' is not " + std::to_string(format_version));
    }
  } else if (format != cli_format_name) {
    malformed("'format' is not \"" + std::string(format_name) + "\"");
  }
  SavedSessionDocument saved;
  if (document->has("auth_mode") && document->get("auth_mode").isString()) {
    saved.auth_mode = document->get("auth_mode").extract<std::string>();
  }
  if (saved.auth_mode.empty()) malformed("'auth_mode' is missing or not a string");
  if (document->has("username") && document->get("username").isString()) {
    saved.username = document->get("username").extract<std::string>();
  }
  const Poco::JSON::Object::Ptr session = document->getObject("session");
  if (!session) malformed("'session' is missing or not an object");
  std::ostringstream state;
  Poco::JSON::Stringifier::condense(session, state);
  saved.session = state.str();
  return saved;
}

}  // namespace mstr::internal
