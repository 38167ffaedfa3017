// AWS answers errors as JSON 1.1 bodies ({"__type": "ns#Type"}) from Secrets Manager and SSM, and as
// XML from STS. Both bodies are read whatever the status, so every input goes through both parsers.

#include "fuzz_input.hpp"
#include "aws_json_client.hpp"
#include "sts_client.hpp"

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr::internal::aws;
  const std::string body(mstr::fuzz::as_text(data, size));

  const std::string type = aws_error_type(body);
  mstr::fuzz::require(type.find('#') == std::string::npos, "the error type has no namespace prefix");

  try {
    const AwsCredentials credentials = parse_sts_credentials(body, 200, "AssumeRole");
    mstr::fuzz::require(!credentials.access_key_id.empty() && !credentials.secret_access_key.empty(),
                        "parsed credentials are complete");
  } catch (const mstr::CredentialError&) {
  }
  return 0;
}
