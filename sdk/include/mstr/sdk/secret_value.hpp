#pragma once
// A secret held in memory: wiped when destroyed, printed as "****", revealed only on request.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace mstr {

class SecretValue {
 public:
  SecretValue() = default;
  explicit SecretValue(std::string value);
  explicit SecretValue(std::string_view value);
  explicit SecretValue(const char* value);
  SecretValue(const SecretValue& other);
  SecretValue(SecretValue&& other) noexcept;
  SecretValue& operator=(const SecretValue& other);
  SecretValue& operator=(SecretValue&& other) noexcept;
  ~SecretValue();

  // The only way to read the value. Keep the view no longer than this object.
  std::string_view reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }
  std::size_t size() const noexcept { return value_.size(); }

  friend bool operator==(const SecretValue& a, const SecretValue& b) noexcept;

 private:
  void wipe() noexcept;
  std::string value_;
};

// Prints "****" whatever the value, so a secret that reaches a log line by accident stays hidden.
std::ostream& operator<<(std::ostream& out, const SecretValue& secret);

}  // namespace mstr
