// AWS answers errors as JSON 1.1 bodies ({"__type": "ns#Type"}) from Secrets Manager and SSM, and as
// XML from STS. Both bodies are read whatever the status, so every input goes through both parsers,
// and through the reader of the IAM Identity Center token cache files, which others write.

#include "aws_json_client.hpp"
#include "fuzz_input.hpp"
#include "sso_credentials.hpp"
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

  SsoProfile profile;
  profile.profile = "fuzz";
  profile.session_name = "fuzz";
  try {
    const SsoToken token = parse_sso_token(body, profile);
    mstr::fuzz::require(!token.access_token.empty(), "a parsed SSO token is not empty");
  } catch (const mstr::CredentialError& error) {
    mstr::fuzz::require(std::string(error.what()).find("aws sso login") != std::string::npos,
                        "a rejected SSO token file says how to log in again");
  }
  return 0;
}
