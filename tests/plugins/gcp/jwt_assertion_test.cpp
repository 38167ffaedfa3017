#include "service_account_credential.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace mstr::internal::gcp;

TEST_CASE("the service-account assertion carries Google's header and claims", "[gcp][jwt]") {
  Poco::Crypto::RSAKey generated(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
  std::ostringstream public_pem;
  std::ostringstream private_pem;
  generated.save(&public_pem, &private_pem);

  ServiceAccountKey key;
  key.client_email = "sa@p.iam.gserviceaccount.com";
  key.private_key_id = "kid-42";
  key.private_key = mstr::SecretValue(private_pem.str());
  key.token_uri = "http://127.0.0.1:1/token";
  const auto issued = std::chrono::system_clock::from_time_t(1700000000);

  const std::string assertion = make_jwt_assertion(key, issued);
  std::istringstream public_in(public_pem.str());
  Poco::JWT::Signer verifier(new Poco::Crypto::RSAKey(&public_in));
  verifier.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
  const Poco::JWT::Token token = verifier.verify(assertion);
  CHECK(token.getAlgorithm() == "RS256");
  CHECK(token.getType() == "JWT");
  CHECK(token.header().getValue<std::string>("kid") == "kid-42");
  CHECK(token.getIssuer() == "sa@p.iam.gserviceaccount.com");
  CHECK(token.getAudience() == std::vector<std::string>{"http://127.0.0.1:1/token"});
  CHECK(token.payload().getValue<std::string>("scope") == "https://www.googleapis.com/auth/cloud-platform");
  CHECK(token.payload().getValue<Poco::Int64>("iat") == 1700000000);
  CHECK(token.payload().getValue<Poco::Int64>("exp") == 1700003600);
}

TEST_CASE("an unusable private key is an error that does not quote the key", "[gcp][jwt]") {
  ServiceAccountKey key;
  key.client_email = "sa@p.iam.gserviceaccount.com";
  key.private_key_id = "kid";
  key.private_key =
      mstr::SecretValue("-----BEGIN PRIVATE KEY-----\nTOPSECRETGARBAGE\n-----END PRIVATE KEY-----\n");
  try {
    make_jwt_assertion(key, std::chrono::system_clock::now());
    FAIL("signed with garbage");
  } catch (const mstr::CredentialError& e) {
    CHECK_THAT(e.what(), Catch::Contains("sa@p.iam.gserviceaccount.com") && Catch::Contains("private_key") &&
                             !Catch::Contains("TOPSECRET"));
    CHECK(e.provider() == "gcp");
  }
}
