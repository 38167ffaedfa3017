#include <mstr/sdk/secret_value.hpp>

#include <Poco/Base64Decoder.h>

#include <openssl/crypto.h>

#include <istream>
#include <ostream>
#include <sstream>
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
