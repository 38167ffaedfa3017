#include "push/publish_status.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

namespace mstr::internal {
namespace {

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

PublishStatus read_publish_status(const Poco::Dynamic::Var& reply) {
  PublishStatus result;
  if (reply.type() != typeid(Poco::JSON::Object::Ptr)) return result;
  auto object = reply.extract<Poco::JSON::Object::Ptr>();
  if (!object || !object->has("status") || object->isNull("status")) return result;
  Poco::Dynamic::Var status = object->get("status");
  std::optional<std::int64_t> number;
  if (status.isInteger()) {
    try {
      number = status.convert<std::int64_t>();
    } catch (const Poco::Exception&) {
      number = std::nullopt;
    }
    result.text = number ? std::to_string(*number) : status.toString();
  } else if (status.isString()) {
    result.text = status.extract<std::string>();
    number = whole_number(result.text);
  } else {
    result.text = status.toString();
  }
  if (number) {
    if (*number == 1) result.state = PublishState::done;
    if (*number < 0) result.state = PublishState::failed;
    return result;
  }
  std::string lower = result.text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "failed" || lower == "error" || lower == "cancelled" || lower == "canceled") {
    result.state = PublishState::failed;
  }
  return result;
}

}  // namespace mstr::internal
