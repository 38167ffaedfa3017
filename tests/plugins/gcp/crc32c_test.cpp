#include "crc32c.hpp"

#include <catch2/catch.hpp>

#include <string>

using mstr::internal::gcp::crc32c;

TEST_CASE("crc32c matches the Castagnoli check value and RFC 3720 vectors", "[gcp][crc32c]") {
  CHECK(crc32c("123456789") == 0xE3069283u);
  CHECK(crc32c("") == 0x00000000u);
  // RFC 3720 (iSCSI), appendix B.4.
  CHECK(crc32c(std::string(32, '\0')) == 0x8A9136AAu);
  CHECK(crc32c(std::string(32, '\xFF')) == 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  CHECK(crc32c(ascending) == 0x46DD794Eu);
}

TEST_CASE("crc32c sees a single flipped bit", "[gcp][crc32c]") {
  CHECK(crc32c("hunter2") != crc32c("hunter3"));
}
