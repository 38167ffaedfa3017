#include <mstr/sdk/secret_value.hpp>

#include "secret_memory.hpp"

#include <Poco/Base64Decoder.h>

#include <openssl/crypto.h>

#include <algorithm>
#include <istream>
#include <ostream>
#include <sstream>
#include <utility>

namespace mstr {

SecretValue::SecretValue(std::string value) {
  assign(value);
  // The argument is this object's own copy: nothing else will wipe it.
  OPENSSL_cleanse(value.data(), value.capacity());
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
  // OPENSSL_cleanse cannot be optimised away, unlike a plain memset before deallocation.
  OPENSSL_cleanse(data_, size_);
  internal::release_secret(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

bool operator==(const SecretValue& a, const SecretValue& b) noexcept {
  if (a.size_ != b.size_) return false;
  return a.size_ == 0 || CRYPTO_memcmp(a.data_, b.data_, a.size_) == 0;
}

std::ostream& operator<<(std::ostream& out, const SecretValue&) { return out << "****"; }

std::optional<SecretValue> decode_base64_secret(std::string_view encoded) {
  std::istringstream in{std::string(encoded)};
  Poco::Base64Decoder decoder(in);
  // Room for the whole result up front: a string that grows reallocates, and the buffers it leaves
  // behind would be freed with secret bytes in them.
  std::string decoded;
  decoded.reserve(encoded.size() / 4 * 3 + 3);
  // istream::read() turns the decoder's exception on a bad character into badbit. Thrown through
  // std::string's iterator constructor instead, it leaked the partly decoded buffer.
  char chunk[512];
  while (decoder.read(chunk, sizeof chunk) || decoder.gcount() > 0) {
    decoded.append(chunk, static_cast<std::size_t>(decoder.gcount()));
  }
  OPENSSL_cleanse(chunk, sizeof chunk);
  SecretValue secret(std::move(decoded));
  // A short result sat in the string's own small buffer, which the move copied rather than handed on.
  OPENSSL_cleanse(decoded.data(), decoded.capacity());
  if (decoder.bad()) return std::nullopt;  // the partial secret is wiped with `secret`
  return secret;
}

}  // namespace mstr
