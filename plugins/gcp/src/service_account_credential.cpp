#include "service_account_credential.hpp"

#include "oauth_token_exchange.hpp"
#include "provider_name.hpp"

#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

#include <sstream>
#include <utility>

namespace mstr::internal::gcp {
namespace {

constexpr auto kAssertionLifetime = std::chrono::hours{1};

Poco::Timestamp to_timestamp(std::chrono::system_clock::time_point when) {
  return Poco::Timestamp::fromEpochTime(std::chrono::system_clock::to_time_t(when));
}

}  // namespace

std::string make_jwt_assertion(const ServiceAccountKey& key,
                               std::chrono::system_clock::time_point issued_at) {
  Poco::SharedPtr<Poco::Crypto::RSAKey> rsa_key;
  try {
    std::istringstream pem{std::string(key.private_key.reveal())};
    rsa_key = new Poco::Crypto::RSAKey(nullptr, &pem);
  } catch (const Poco::Exception&) {
    // OpenSSL's reason is left out: it can quote the PEM it choked on.
    throw CredentialError(
        "service account " + key.client_email + ": private_key is not a readable PEM RSA private key",
        kProviderName);
  }
  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("kid", key.private_key_id);
  token.setIssuer(key.client_email);
  token.setAudience(key.token_uri);
  token.payload().set("scope", std::string(kCloudPlatformScope));
  token.setIssuedAt(to_timestamp(issued_at));
  token.setExpiration(to_timestamp(issued_at + kAssertionLifetime));
  try {
    Poco::JWT::Signer signer(rsa_key);
    return signer.sign(token, Poco::JWT::Signer::ALGO_RS256);
  } catch (const Poco::Exception&) {
    throw CredentialError("service account " + key.client_email + ": signing the JWT assertion failed",
                          kProviderName);
  }
}

ServiceAccountCredential::ServiceAccountCredential(ServiceAccountKey key, std::string origin)
    : key_(std::move(key)), origin_(std::move(origin)) {}

std::string ServiceAccountCredential::description() const {
  return "service account " + key_.client_email + " from " + origin_;
}

// The assertion always asks for the cloud-platform scope, the one every caller here passes.
AccessToken ServiceAccountCredential::get_token(const std::string&, const TokenRequestContext& context) {
  const std::string assertion = make_jwt_assertion(key_, std::chrono::system_clock::now());
  AccessToken token = exchange_for_token(
      context, key_.token_uri,
      {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", assertion}},
      description());
  token.quota_project_id = key_.quota_project_id;
  return token;
}

}  // namespace mstr::internal::gcp
