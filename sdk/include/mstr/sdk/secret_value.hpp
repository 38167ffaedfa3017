#pragma once
// A secret held in memory: wiped when destroyed, printed as "****", revealed only on request. Its
// bytes live in pages kept for secrets alone, left out of core dumps and locked against swapping
// where the platform allows.

#include <mstr/sdk/toolchain_check.hpp>

#include <cstddef>
#include <iosfwd>
#include <optional>
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
  std::string_view reveal() const noexcept { return {data_, size_}; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  friend bool operator==(const SecretValue& a, const SecretValue& b) noexcept;

 private:
  void assign(std::string_view value);
  void wipe() noexcept;
  char* data_ = nullptr;  // in secret memory (sdk/src/secret_memory.hpp); null when empty
  std::size_t size_ = 0;
};

// Prints "****" whatever the value, so a secret that reaches a log line by accident stays hidden.
std::ostream& operator<<(std::ostream& out, const SecretValue& secret);

// Decodes a secret that travels as base64 (AWS SecretBinary, Google's payload.data, most vault APIs'
// binary values). Returns nothing when the text is not base64; the decoded bytes never sit in a
// buffer that is freed without being wiped, whether decoding succeeds or stops at a bad character.
std::optional<SecretValue> decode_base64_secret(std::string_view encoded);

}  // namespace mstr
