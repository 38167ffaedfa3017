#pragma once
// Sets or unsets process environment variables for the length of a test, then restores them.

#include <map>
#include <optional>
#include <string>

namespace mstr::test {

// The environment is process-wide: do not use from tests that run threads reading it concurrently.
class ScopedEnv {
 public:
  ScopedEnv() = default;
  ScopedEnv(std::initializer_list<std::pair<const std::string, std::string>> values);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

  void set(const std::string& name, const std::string& value);
  void unset(const std::string& name);

 private:
  void remember(const std::string& name);

  std::map<std::string, std::optional<std::string>> saved_;  // original values; nullopt: was unset
};

}  // namespace mstr::test
