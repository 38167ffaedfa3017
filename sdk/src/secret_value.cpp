#include <mstr/sdk/secret_value.hpp>

#include "secret_memory.hpp"

#include <string.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <utility>

namespace mstr {
namespace {

// explicit_bzero cannot be optimised away, unlike a plain memset before deallocation.
void wipe_bytes(void* bytes, std::size_t size) noexcept {
  if (size > 0) ::explicit_bzero(bytes, size);
}

// Compares every byte whatever the first difference, so the time taken tells nothing of where it is.
bool same_bytes(const char* a, const char* b, std::size_t size) noexcept {
  volatile unsigned char difference = 0;
  for (std::size_t i = 0; i < size; ++i) difference = difference | static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

// The value of a base64 digit of the standard alphabet, or -1.
int base64_digit(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

SecretValue::SecretValue(std::string value) {
  assign(value);
  // The argument is this object's own copy: nothing else will wipe it.
  wipe_bytes(value.data(), value.capacity());
}
SecretValue::SecretValue(std::string_view value) { assign(value); }
SecretValue::SecretValue(const char* value) { assign(value ? std::string_view(value) : std::string_view()); }
SecretValue::SecretValue(const SecretValue& other) { assign(other.reveal()); }

SecretValue::SecretValue(SecretValue&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretValue& SecretValue::operator=(const SecretValue& other) {
  if (this != &other) {
    SecretValue copy(other);
    *this = std::move(copy);
  }
  return *this;
}

SecretValue& SecretValue::operator=(SecretValue&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretValue::~SecretValue() { wipe(); }

void SecretValue::assign(std::string_view value) {
  if (value.empty()) return;
  data_ = internal::allocate_secret(value.size());
  std::copy(value.begin(), value.end(), data_);
  size_ = value.size();
}

void SecretValue::wipe() noexcept {
  if (data_ == nullptr) return;
  wipe_bytes(data_, size_);
  internal::release_secret(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

bool operator==(const SecretValue& a, const SecretValue& b) noexcept {
  if (a.size_ != b.size_) return false;
  return a.size_ == 0 || same_bytes(a.data_, b.data_, a.size_);
}

std::ostream& operator<<(std::ostream& out, const SecretValue&) { return out << "****"; }

std::optional<SecretValue> decode_base64_secret(std::string_view encoded) {
  // Room for the whole result up front: a string that grows reallocates, and the buffers it leaves
  // behind would be freed with secret bytes in them.
  std::string decoded;
  decoded.reserve(encoded.size() / 4 * 3 + 3);
  std::uint32_t group = 0;  // up to four digits of six bits
  int digits = 0;           // in `group`, padding included
  int padding = 0;
  bool valid = true;
  for (const char c : encoded) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;  // line breaks of MIME-style text
    // Padding ends the data: it fills the last group's third and fourth digits and nothing follows.
    const int value = c == '=' ? 0 : base64_digit(c);
    if (value < 0 || (c == '=' && digits < 2) || (c != '=' && padding > 0)) {
      valid = false;
      break;
    }
    if (c == '=') ++padding;
    group = group << 6 | static_cast<std::uint32_t>(value);
    if (++digits < 4) continue;
    decoded.push_back(static_cast<char>(group >> 16 & 0xff));
    if (padding < 2) decoded.push_back(static_cast<char>(group >> 8 & 0xff));
    if (padding < 1) decoded.push_back(static_cast<char>(group & 0xff));
    group = 0;
    digits = 0;
  }
  if (digits != 0) valid = false;  // a last group cut short
  wipe_bytes(&group, sizeof group);
  SecretValue secret(std::move(decoded));
  // A short result sat in the string's own small buffer, which the move copied rather than handed on.
  wipe_bytes(decoded.data(), decoded.capacity());
  if (!valid) return std::nullopt;  // the partial secret is wiped with `secret`
  return secret;
}

}  // namespace mstr
