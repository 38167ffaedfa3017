#pragma once
// Tries credentials in order, as the Azure SDK's ChainedTokenCredential does: the first that applies
// answers. The error, when none does or one fails, lists each link tried and why it did not answer.

#include <plugin_common/token_credential.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mstr::internal::common {

// The words of a chain's errors.
struct ChainWording {
  std::string provider;  // the plugin named in every CredentialError, e.g. "azure"
  std::string service;   // whose credentials, e.g. "Azure", "Google"
  std::string hint;      // what a person can do when no credential applies
};

class ChainedTokenCredential final : public TokenCredential {
 public:
  ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links, ChainWording wording);
  std::string description() const override;
  // Moves on past CredentialUnavailableError. A link that applies but fails ends the chain. Either
  // way the CredentialError thrown (never CredentialUnavailableError, so that chains do not nest
  // silently) lists every link tried with its reason; it is a VaultUnavailableError when the failing
  // link's was.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::vector<std::unique_ptr<TokenCredential>> links_;
  ChainWording wording_;
};

}  // namespace mstr::internal::common
