#include "secret_payload.hpp"
#include "crc32c.hpp"
#include "google_error.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <string>

using mstr::internal::gcp::decode_secret_payload;
using mstr::internal::gcp::SecretVersionName;

namespace {

const SecretVersionName kName = SecretVersionName::parse("projects/p/secrets/s/versions/3");

std::string answer(const std::string& payload) {
  return R"({"name": "projects/1/secrets/s/versions/3", "payload": )" + payload + "}";
}

}  // namespace

TEST_CASE("Access Secret Version payloads are base64-decoded and checked", "[gcp][payload]") {
  // "p@ss:w0rd" in base64, CRC32C as Google's REST mapping writes int64: a string.
  const std::string data = "cEBzczp3MHJk";
  const auto crc = std::to_string(mstr::internal::gcp::crc32c("p@ss:w0rd"));
  CHECK(decode_secret_payload(answer(R"({"data": ")" + data + R"(", "dataCrc32c": ")" + crc + "\"}"), kName)
            .reveal() == "p@ss:w0rd");
  CHECK(decode_secret_payload(answer(R"({"data": ")" + data + R"(", "dataCrc32c": )" + crc + "}"), kName)
            .reveal() == "p@ss:w0rd");
  CHECK(decode_secret_payload(answer(R"({"data": ")" + data + R"("})"), kName).reveal() == "p@ss:w0rd");
  CHECK(decode_secret_payload(answer(R"({"data": ""})"), kName).reveal().empty());
}

TEST_CASE("a payload whose checksum does not match is refused", "[gcp][payload]") {
  const auto wrong = std::to_string(mstr::internal::gcp::crc32c("p@ss:w0rd") ^ 1u);
  CHECK_THROWS_WITH(
      decode_secret_payload(answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": ")" + wrong + "\"}"), kName),
      Catch::Contains("projects/p/secrets/s/versions/3") && Catch::Contains("CRC32C") &&
          !Catch::Contains("p@ss"));
}

TEST_CASE("malformed Access Secret Version answers are errors naming the secret", "[gcp][payload]") {
  for (const std::string& body :
       {std::string("not json"), std::string("{}"), answer("{}"), answer(R"({"data": 5})"),
        answer(R"({"data": "!!!not-base64!!!"})"),
        // Valid base64 for 30 bytes, then a bad character: the decoder fails after output began.
        answer(R"({"data": "cEBzczp3MHJkcEBzczp3MHJkcEBzczp3MHJkcEBzczp3MHJk*"})"), answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": "x"})"),
        answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": "99999999999"})"),
        answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": true})"),
        answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": -1})"),
        answer(R"({"data": "cEBzczp3MHJk", "dataCrc32c": 18446744073709551615})")}) {
    INFO(body);
    CHECK_THROWS_AS(decode_secret_payload(body, kName), mstr::CredentialError);
    CHECK_THROWS_WITH(decode_secret_payload(body, kName), Catch::Contains("projects/p/secrets/s/versions/3"));
  }
}

TEST_CASE("Google error bodies are read, and anything else is not one", "[gcp][payload]") {
  const auto error = mstr::internal::gcp::parse_google_error(
      R"({"error": {"code": 403, "message": "Permission denied on resource.", "status": "PERMISSION_DENIED"}})");
  REQUIRE(error);
  CHECK(error->code == 403);
  CHECK(error->status == "PERMISSION_DENIED");
  CHECK(error->message == "Permission denied on resource.");
  CHECK_FALSE(mstr::internal::gcp::parse_google_error("<html>Bad Gateway</html>"));
  CHECK_FALSE(mstr::internal::gcp::parse_google_error(R"({"error": "invalid_grant"})"));
}
