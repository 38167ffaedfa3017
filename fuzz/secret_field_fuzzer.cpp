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
  const auto message_for = [&](const mstr::SecretValue& value) -> std::string {
    try {
      (void)mstr::internal::select_field(value, *reference.field(), reference);
    } catch (const mstr::CredentialError& error) {
      return error.what();
    }
    return {};
  };
  const std::string message = message_for(secret);
  if (!message.empty()) {
    // The message may name the reference, never the secret itself. A secret can still be found in
    // it when it happens to be a piece of the message's own words: then the message is the one any
    // text that is not JSON gets.
    const bool names_it_anyway = reference.to_string().find(secret.reveal()) != std::string::npos;
    const bool fixed_words = message == message_for(mstr::SecretValue(std::string("not JSON")));
    mstr::fuzz::require(secret.size() < 12 || names_it_anyway || fixed_words ||
                            message.find(secret.reveal()) == std::string::npos,
                        "an error message never quotes the secret");
  }
  return 0;
}
