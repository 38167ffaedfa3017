#include "secret_payload.hpp"

#include "crc32c.hpp"
#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>

#include <cstdint>
#include <optional>
#include <utility>

namespace mstr::internal::gcp {
namespace {

[[noreturn]] void fail(const SecretVersionName& name, const std::string& why) {
  throw CredentialError("gcp-sm: Secret Manager's answer for " + name.resource_name() + " " + why,
                        kProviderName);
}

// int64 fields travel as JSON strings in Google's REST mapping; accept a number as well.
std::optional<std::uint32_t> expected_checksum(const Poco::JSON::Object& payload,
                                               const SecretVersionName& name) {
  if (!payload.has("dataCrc32c") || payload.isNull("dataCrc32c")) return std::nullopt;
  const auto value = payload.get("dataCrc32c");
  Poco::UInt64 number = 0;
  if (value.isString()) {
    if (!Poco::NumberParser::tryParseUnsigned64(value.extract<std::string>(), number)) {
      fail(name, "has a payload.dataCrc32c that is not a number");
    }
  } else if (value.isInteger()) {
    try {
      number = value.convert<Poco::UInt64>();
    } catch (const Poco::Exception&) {  // a negative number
      fail(name, "has a payload.dataCrc32c outside the CRC32C range");
    }
  } else {
    fail(name, "has a payload.dataCrc32c that is not a number");
  }
  if (number > 0xFFFFFFFFu) fail(name, "has a payload.dataCrc32c outside the CRC32C range");
  return static_cast<std::uint32_t>(number);
}

}  // namespace

SecretValue decode_secret_payload(const std::string& body, const SecretVersionName& name) {
  Poco::JSON::Object::Ptr payload;
  std::string data;
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    payload = root->getObject("payload");
    if (!payload || !payload->has("data") || !payload->get("data").isString())
      fail(name, "has no payload.data");
    data = payload->getValue<std::string>("data");
  } catch (const CredentialError&) {
    throw;
  } catch (const std::exception&) {
    fail(name, "is not a JSON object");
  }
  std::optional<SecretValue> decoded = decode_base64_secret(data);
  if (!decoded) fail(name, "has a payload.data that is not base64");
  SecretValue value = std::move(*decoded);
  if (const auto expected = expected_checksum(*payload, name);
      expected && crc32c(value.reveal()) != *expected) {
    fail(name,
         "failed its CRC32C check (payload.dataCrc32c does not match the data): the payload was "
         "corrupted in transit; refusing to use it");
  }
  return value;
}

}  // namespace mstr::internal::gcp
