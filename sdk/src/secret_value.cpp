#include <mstr/sdk/secret_value.hpp>

#include <openssl/crypto.h>

#include <ostream>
#include <utility>

namespace mstr {

SecretValue::SecretValue(std::string value) : value_(std::move(value)) {}
SecretValue::SecretValue(std::string_view value) : value_(value) {}
SecretValue::SecretValue(const char* value) : value_(value ? value : "") {}
SecretValue::SecretValue(const SecretValue& other) : value_(other.value_) {}

// Moving a short string copies its bytes out of the small-string buffer, so the source is wiped
// explicitly rather than trusted to be empty.
SecretValue::SecretValue(SecretValue&& other) noexcept : value_(other.value_) { other.wipe(); }

SecretValue& SecretValue::operator=(const SecretValue& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
  }
  return *this;
}

SecretValue& SecretValue::operator=(SecretValue&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = other.value_;
    other.wipe();
  }
  return *this;
}

SecretValue::~SecretValue() { wipe(); }

void SecretValue::wipe() noexcept {
  // OPENSSL_cleanse cannot be optimised away, unlike a plain memset before deallocation.
  if (value_.capacity() > 0) OPENSSL_cleanse(value_.data(), value_.capacity());
  value_.clear();
}

bool operator==(const SecretValue& a, const SecretValue& b) noexcept {
  if (a.value_.size() != b.value_.size()) return false;
  return CRYPTO_memcmp(a.value_.data(), b.value_.data(), a.value_.size()) == 0;
}

std::ostream& operator<<(std::ostream& out, const SecretValue&) { return out << "****"; }

}  // namespace mstr
