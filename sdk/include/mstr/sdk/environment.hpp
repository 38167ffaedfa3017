#pragma once
// Environment variables as a plugin sees them. The host passes its own view, so a plugin never
// reads globals and a test can give each provider an environment of its own.

#include <mstr/sdk/toolchain_check.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mstr {

class IEnvironment {
 public:
  virtual ~IEnvironment() = default;
  // The variable's value; nullopt when unset. An empty value is returned as "".
  virtual std::optional<std::string> get(std::string_view name) const = 0;
};

// The process environment (getenv).
class ProcessEnvironment final : public IEnvironment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

// A fixed set of variables, for tests and for hosts that configure plugins explicitly.
class MapEnvironment final : public IEnvironment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> variables);
  std::optional<std::string> get(std::string_view name) const override;
  void set(std::string name, std::string value);
  void unset(std::string_view name);
  // Every variable, for a host that hands this environment to a child process.
  const std::map<std::string, std::string, std::less<>>& variables() const noexcept { return variables_; }

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace mstr
