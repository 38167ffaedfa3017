#include "client_assertion.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace mstr::internal::azure {
namespace {

[[noreturn]] void unusable(const ClientAssertionInput& input, const std::string& why) {
  throw CredentialError("the client certificate " + input.pem_file.string() + " (AZURE_CLIENT_CERTIFICATE_PATH) " +
                            why,
                        kProviderName);
}

std::string base64url(const std::vector<unsigned char>& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

// Whole seconds, rounded down: POCO writes a fractional time with few digits, which can round iat and
// nbf up to a moment the token endpoint has not reached yet, and it refuses such an assertion.
Poco::Timestamp timestamp(std::chrono::system_clock::time_point when) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(when.time_since_epoch());
  return Poco::Timestamp(std::chrono::duration_cast<std::chrono::microseconds>(seconds).count());
}

}  // namespace

std::string make_client_assertion(const ClientAssertionInput& input) {
  std::ifstream file(input.pem_file, std::ios::binary);
  if (!file) unusable(input, "cannot be read");
  const std::string pem((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  std::string thumbprint;
  try {
    std::istringstream stream(pem);
    const Poco::Crypto::X509Certificate certificate(stream);
    thumbprint = base64url(certificate.fingerprint("SHA1"));
  } catch (const Poco::Exception&) {
    unusable(input, "holds no PEM certificate");
  }

  Poco::SharedPtr<Poco::Crypto::RSAKey> key;
  try {
    std::istringstream stream(pem);
    key = new Poco::Crypto::RSAKey(nullptr, &stream, input.key_password);
  } catch (const Poco::Exception&) {
    unusable(input, "holds no usable RSA private key (is AZURE_CLIENT_CERTIFICATE_PASSWORD right?)");
  }

  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("x5t", thumbprint);
  token.setAudience(input.audience);
  token.setIssuer(input.client_id);
  token.setSubject(input.client_id);
  token.setId(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
  token.setIssuedAt(timestamp(input.now));
  token.setNotBefore(timestamp(input.now));
  token.setExpiration(timestamp(input.now + std::chrono::minutes(10)));

  Poco::JWT::Signer signer(key);
  signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
  return signer.sign(token, Poco::JWT::Signer::ALGO_RS256);
}

}  // namespace mstr::internal::azure
