#include <mstr/sdk/environment.hpp>

#include <cstdlib>
#include <utility>

namespace mstr {

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

MapEnvironment::MapEnvironment(std::map<std::string, std::string, std::less<>> variables)
    : variables_(std::move(variables)) {}

std::optional<std::string> MapEnvironment::get(std::string_view name) const {
  const auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

void MapEnvironment::set(std::string name, std::string value) { variables_[std::move(name)] = std::move(value); }

void MapEnvironment::unset(std::string_view name) {
  if (const auto it = variables_.find(name); it != variables_.end()) variables_.erase(it);
}

}  // namespace mstr
