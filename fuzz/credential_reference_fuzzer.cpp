// Credential references come from command lines, profiles and environment variables. Parsing must
// refuse bad ones with CredentialError only, and a parsed reference must print back to itself.

#include "fuzz_input.hpp"

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mstr::CredentialReference;
  const std::string_view text = mstr::fuzz::as_text(data, size);
  const bool looks_like = CredentialReference::looks_like_reference(text);
  std::optional<CredentialReference> reference;
  try {
    reference = CredentialReference::parse(text);
  } catch (const mstr::CredentialError&) {
    return 0;
  }
  mstr::fuzz::require(looks_like, "what parses also looks like a reference");
  mstr::fuzz::require(CredentialReference::parse(reference->to_string()) == *reference,
                      "a reference prints back to the same reference");
  mstr::fuzz::require(!reference->without_field().field().has_value(), "without_field() drops the field");
  (void)reference->path();
  try {
    (void)reference->query();
  } catch (const mstr::CredentialError&) {
  }
  return 0;
}
