// `#field` selection parses a secret as JSON: whatever a vault holds (JSON or not) must give the
// field's value or a CredentialError, never a crash or another exception type.

#include "credentials/secret_field.hpp"
#include "fuzz_input.hpp"

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = mstr::fuzz::as_text(data, size);
  const std::string field(mstr::fuzz::take_line(text));
  const mstr::SecretValue secret(text);
  const mstr::CredentialReference reference("fuzz", "secret", field.empty() ? std::string("password") : field);
  try {
    (void)mstr::internal::select_field(secret, *reference.field(), reference);
  } catch (const mstr::CredentialError& error) {
    // The message may name the reference, never the secret itself.
    const std::string_view message = error.what();
    const bool names_it_anyway = reference.to_string().find(secret.reveal()) != std::string::npos;
    mstr::fuzz::require(secret.size() < 12 || names_it_anyway || message.find(secret.reveal()) == std::string_view::npos,
                        "an error message never quotes the secret");
  }
  return 0;
}
