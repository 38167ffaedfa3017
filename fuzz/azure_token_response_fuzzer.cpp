// Entra ID, IMDS, App Service and the Azure CLI all answer with JSON token documents, and Key Vault
// with a WWW-Authenticate challenge: the first line of an input is the challenge, the rest the token
// body, read by the token reader every cloud plugin shares. Neither may crash, throw anything but
// CredentialError, or quote a token in an error.

#include "bearer_challenge.hpp"
#include "fuzz_input.hpp"
#include "provider_name.hpp"

#include <plugin_common/token_endpoint.hpp>

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr::internal::azure;
  std::string_view text = mstr::fuzz::as_text(data, size);
  const std::string_view challenge_header = mstr::fuzz::take_line(text);
  const std::string body(text);

  if (const auto challenge = BearerChallenge::parse(challenge_header)) {
    mstr::fuzz::require(!challenge->scope.empty(), "a parsed challenge names a scope");
    try {
      challenge->verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net");
    } catch (const mstr::CredentialError&) {
    }
  }

  const mstr::internal::common::Clock clock = [] { return std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 55); };
  try {
    const mstr::internal::common::AccessToken token =
        mstr::internal::common::parse_token_response(body, clock, "fuzz", kProviderName);
    mstr::fuzz::require(!token.token.empty(), "a parsed token is not empty");
  } catch (const mstr::CredentialError& error) {
    const std::string_view message = error.what();
    mstr::fuzz::require(body.find('{') == std::string::npos || message.find(body) == std::string_view::npos,
                        "an error never quotes the body");
  }
  return 0;
}
