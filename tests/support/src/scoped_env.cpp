#include "test_support/scoped_env.hpp"

#include <cstdlib>

namespace mstr::test {

ScopedEnv::ScopedEnv(std::initializer_list<std::pair<const std::string, std::string>> values) {
  for (const auto& [name, value] : values) set(name, value);
}

ScopedEnv::~ScopedEnv() {
  for (const auto& [name, value] : saved_) {
    if (value) {
      ::setenv(name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
}

void ScopedEnv::remember(const std::string& name) {
  if (saved_.count(name) != 0) return;  // the first value seen is the one to restore
  const char* current = std::getenv(name.c_str());
  saved_[name] = current ? std::optional<std::string>(current) : std::nullopt;
}

void ScopedEnv::set(const std::string& name, const std::string& value) {
  remember(name);
  ::setenv(name.c_str(), value.c_str(), 1);
}

void ScopedEnv::unset(const std::string& name) {
  remember(name);
  ::unsetenv(name.c_str());
}

}  // namespace mstr::test
