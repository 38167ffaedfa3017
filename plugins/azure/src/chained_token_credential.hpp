#pragma once
// Tries credentials in order, as the Azure SDK's ChainedTokenCredential does: the first that applies
// answers. The error, when none does, lists each one tried and why it did not.

#include "token_credential.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mstr::internal::azure {

class ChainedTokenCredential final : public TokenCredential {
 public:
  explicit ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links);
  std::string description() const override;
  // Moves on past CredentialUnavailableError. A link that applies but fails ends the chain. Either
  // way the CredentialError thrown (never CredentialUnavailableError, so that chains do not nest
  // silently) lists every link tried with its reason.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::vector<std::unique_ptr<TokenCredential>> links_;
};

}  // namespace mstr::internal::azure
