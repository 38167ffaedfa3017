// Google's token endpoint and metadata server answer with JSON token documents, its APIs with JSON
// error bodies, and Secret Manager with a base64 payload and its CRC32C. Every input goes through
// all three readers; none may crash or throw anything but CredentialError.

#include "fuzz_input.hpp"
#include "google_error.hpp"
#include "provider_name.hpp"
#include "secret_payload.hpp"

#include <plugin_common/token_endpoint.hpp>

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr::internal::gcp;
  const std::string body(mstr::fuzz::as_text(data, size));

  try {
    const mstr::internal::common::AccessToken token =
        mstr::internal::common::parse_token_response(body, {}, "fuzz", kProviderName);
    mstr::fuzz::require(!token.token.empty(), "a parsed token is not empty");
  } catch (const mstr::CredentialError&) {
  }

  (void)parse_google_error(body);

  const SecretVersionName name{"project", "secret", "1"};
  try {
    (void)decode_secret_payload(body, name);
  } catch (const mstr::CredentialError&) {
  }
  return 0;
}
