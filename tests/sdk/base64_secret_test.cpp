// decode_base64_secret(): the one base64 reader the vault plugins share for binary secrets.

#include <mstr/sdk/secret_value.hpp>

#include <Poco/Base64Encoder.h>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace {

std::string encode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << bytes;
  encoder.close();
  return out.str();
}

}  // namespace

TEST_CASE("base64 secrets decode to their exact bytes", "[sdk][base64]") {
  const auto password = mstr::decode_base64_secret("cEBzczp3MHJk");
  REQUIRE(password);
  CHECK(password->reveal() == "p@ss:w0rd");

  const auto empty = mstr::decode_base64_secret("");
  REQUIRE(empty);
  CHECK(empty->empty());

  // Binary bytes, NULs included, and a secret long enough to take several read chunks.
  std::string binary;
  for (int i = 0; i < 5000; ++i) binary.push_back(static_cast<char>(i * 7 % 256));
  const auto decoded = mstr::decode_base64_secret(encode(binary));
  REQUIRE(decoded);
  CHECK(decoded->size() == binary.size());
  CHECK(decoded->reveal() == binary);

  // Line breaks, as MIME-style encoders write every 76 characters, are not part of the data.
  CHECK(mstr::decode_base64_secret("cEBz\nczp3\r\nMHJk")->reveal() == "p@ss:w0rd");
}

TEST_CASE("text that is not base64 decodes to nothing", "[sdk][base64]") {
  CHECK_FALSE(mstr::decode_base64_secret("!!!not-base64!!!"));
  CHECK_FALSE(mstr::decode_base64_secret("cEBzczp3MHJk*"));
  // A bad character after several chunks of good data: the decoder fails after output began.
  CHECK_FALSE(mstr::decode_base64_secret(encode(std::string(3000, 'x')) + "*"));
}

TEST_CASE("base64 padding ends the data and a cut-short group is refused", "[sdk][base64]") {
  CHECK(mstr::decode_base64_secret("QQ==")->reveal() == "A");
  CHECK(mstr::decode_base64_secret("QUI=")->reveal() == "AB");
  CHECK(mstr::decode_base64_secret(" QUJD \r\n")->reveal() == "ABC");
  for (const char* text : {"QQ", "QUJ", "Q===", "=QQ=", "QQ==QQ==", "QQ=A", "QUJD-_", "QUJD\v"}) {
    INFO(text);
    CHECK_FALSE(mstr::decode_base64_secret(text));
  }
}
