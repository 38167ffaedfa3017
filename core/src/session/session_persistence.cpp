// Session::to_json() and Session::from_json(): base URL, X-MSTR-* headers and cookies, so a session
// can move between processes. A document from elsewhere is untrusted input: every field is checked,
// and a header or cookie that could inject extra header lines is refused.

#include "session/json_integer.hpp"
#include "session/session_impl.hpp"

#include <mstr/errors.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <mutex>
#include <sstream>

namespace mstr {
namespace {

constexpr const char* format_name = "mstr-session";
constexpr int format_version = 1;

[[noreturn]] void malformed(const std::string& problem) {
  throw SessionException("the persisted session is malformed: " + problem);
}

}  // namespace

std::string Session::to_json() const {
  Poco::JSON::Object document;
  document.set("format", format_name);
  document.set("version", format_version);
  document.set("base_url", impl_->base.url);
  Poco::JSON::Object::Ptr headers = new Poco::JSON::Object;
  {
    std::shared_lock lock(impl_->headers_mutex);
    for (const auto& [name, value] : impl_->mstr_headers) headers->set(name, value);
  }
  document.set("headers", headers);
  document.set("cookies", impl_->cookies.to_json());
  if (const std::optional<Project> project = selected_project()) {
    Poco::JSON::Object::Ptr selected = new Poco::JSON::Object;
    selected->set("id", project->id);
    selected->set("name", project->name);
    document.set("project", selected);
  }
  std::ostringstream text;
  document.stringify(text);
  return text.str();
}

Session Session::from_json(std::string_view text, SessionOptions options) {
  // POCO's parser rejects a bare scalar such as `42` with an internal message; a document that
  // does not open with '{' is named for what it is.
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] != '{') malformed("the document is not a JSON object");
  Poco::JSON::Object::Ptr document;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(text));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) document = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& error) {
    throw SessionException("the persisted session is not valid JSON: " + error.message());
  }
  if (!document) malformed("the document is not a JSON object");
  if (document->has("format") && document->get("format").toString() != format_name) {
    malformed("'format' is not \"" + std::string(format_name) + "\"");
  }
  if (document->has("version")) {
    if (internal::json_int64(document->get("version")) != format_version) {
      malformed("'version' is not " + std::to_string(format_version) + " (written by another SDK version?)");
    }
  }

  if (!document->has("base_url")) malformed("'base_url' is missing");
  const Poco::Dynamic::Var base_url = document->get("base_url");
  if (!base_url.isString()) malformed("'base_url' must be a string");
  if (!document->has("headers")) malformed("'headers' is missing");
  const Poco::JSON::Object::Ptr headers = document->getObject("headers");
  if (!headers) malformed("'headers' must be an object");
  if (!document->has("cookies")) malformed("'cookies' is missing");
  const Poco::JSON::Array::Ptr cookies = document->getArray("cookies");
  if (!cookies) malformed("'cookies' must be an array");

  std::map<std::string, std::string, CaseInsensitiveLess> mstr_headers;
  for (const auto& [name, value] : *headers) {
    if (!istarts_with(name, "X-MSTR-")) {
      malformed("headers." + name.substr(0, 40) + " is not an X-MSTR-* header");
    }
    if (!value.isString()) malformed("headers." + name + " must be a string");
    const std::string& text_value = value.extract<std::string>();
    if (text_value.find_first_of("\r\n") != std::string::npos || name.find_first_of("\r\n: ") != std::string::npos) {
      malformed("headers." + name.substr(0, 40) + " contains a line break");
    }
    mstr_headers.emplace(name, text_value);
  }

  // Optional: documents written before project selection existed have none.
  std::optional<Project> project;
  if (document->has("project") && !document->isNull("project")) {
    const Poco::JSON::Object::Ptr selected = document->getObject("project");
    if (!selected) malformed("'project' must be an object");
    const Poco::Dynamic::Var id = selected->get("id");
    const Poco::Dynamic::Var name = selected->get("name");
    if (!id.isString() || id.extract<std::string>().empty()) malformed("project.id must be a non-empty string");
    if (!name.isEmpty() && !name.isString()) malformed("project.name must be a string");
    project = Project{id.extract<std::string>(), name.isEmpty() ? std::string() : name.extract<std::string>()};
    if (project->id.find_first_of("\r\n") != std::string::npos) malformed("project.id contains a line break");
  }

  std::unique_ptr<Session> session;
  try {
    session = std::make_unique<Session>(base_url.extract<std::string>(), std::move(options));
  } catch (const ConfigurationError& error) {
    malformed(std::string("'base_url' is unusable: ") + error.what());
  }
  session->impl_->cookies.load_json(*cookies);
  session->impl_->mstr_headers = std::move(mstr_headers);
  session->impl_->selected_project = std::move(project);
  return std::move(*session);
}

}  // namespace mstr
