#include "admin_http.hpp"

#include <mstr/errors.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>

namespace mstr::admin::internal {

RequestOptions configuration_scope() {
  RequestOptions options;
  options.use_selected_project = false;
  return options;
}

RequestOptions project_scope(const std::string& project_id) {
  RequestOptions options;
  options.project_id = project_id;
  return options;
}

Response send(Session& session, std::string_view method, const std::string& path, const RequestOptions& options,
              std::string_view call) {
  try {
    return session.request(method, path, options);
  } catch (const MSTRException& error) {
    const auto& details = error.details();
    const bool missing_path =
        details.http_status == 405 ||
        (details.http_status == 404 && (details.message == "HTTP 404 Not Found" || details.code.empty()));
    if (missing_path) throw VersionException(std::string(call), details.http_status);
    throw;
  }
}

Poco::JSON::Object::Ptr object_of(const Response& response) {
  auto value = response.json();
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw Error("the server's answer to " + response.url() + " is not a JSON object");
  }
  return value.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr array_of(const Response& response) {
  auto value = response.json();
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
    throw Error("the server's answer to " + response.url() + " is not a JSON list");
  }
  return value.extract<Poco::JSON::Array::Ptr>();
}

Poco::JSON::Array::Ptr array_member(const Response& response, const std::string& key) {
  auto value = response.json();
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) return value.extract<Poco::JSON::Array::Ptr>();
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (auto array = object->getArray(key)) return array;
    return new Poco::JSON::Array;
  }
  throw Error("the server's answer to " + response.url() + " is neither a JSON object nor a list");
}

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key) || object->isNull(key)) return {};
  return object->get(key).toString();
}

bool flag(const Poco::JSON::Object::Ptr& object, const std::string& key, bool fallback) {
  if (!object || !object->has(key) || object->isNull(key)) return fallback;
  const auto value = object->get(key);
  if (value.isBoolean()) return value.extract<bool>();
  if (value.isString()) return value.toString() == "true";
  return value.convert<long long>() != 0;
}

long long number(const Poco::JSON::Object::Ptr& object, const std::string& key, long long fallback) {
  if (!object || !object->has(key) || object->isNull(key)) return fallback;
  try {
    return object->get(key).convert<long long>();
  } catch (const Poco::Exception&) {
    return fallback;
  }
}

std::optional<std::int64_t> total_count(const Response& response) {
  const auto header = response.header("X-MSTR-Total-Count");
  if (!header) return std::nullopt;
  try {
    std::size_t used = 0;
    const long long value = std::stoll(*header, &used);
    if (used != header->size() || value < 0) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Poco::JSON::Object::Ptr operation_list(const std::vector<Operation>& operations) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& operation : operations) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("op", operation.op);
    item->set("path", operation.path);
    item->set("value", operation.value);
    list->add(item);
  }
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("operationList", list);
  return body;
}

Poco::JSON::Array::Ptr id_array(const std::vector<std::string>& ids) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& id : ids) array->add(id);
  return array;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

BulkResult bulk_result(const Response& response, const std::string& key, const std::string& id_key) {
  std::vector<BulkItem> succeeded, failed;
  if (response.is_json()) {
    auto value = response.json();
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto items = value.extract<Poco::JSON::Object::Ptr>()->getArray(key);
      for (std::size_t i = 0; items && i < items->size(); ++i) {
        auto item = items->getObject(i);
        if (!item) continue;
        BulkItem entry{text(item, id_key), static_cast<int>(number(item, "status", 200)), text(item, "code"),
                       text(item, "message")};
        // Some servers spell a success as "status": "success".
        if (item->has("status") && item->get("status").isString()) {
          const std::string status = item->get("status").toString();
          entry.status = (status == "success" || status == "ok") ? 200 : entry.status;
        }
        (entry.status < 400 ? succeeded : failed).push_back(std::move(entry));
      }
    }
  }
  if (failed.empty() && response.status() != 207 && response.status() < 400) return Success{std::move(succeeded)};
  return PartialSuccess{std::move(succeeded), std::move(failed)};
}

}  // namespace mstr::admin::internal
