#pragma once
// Tries credentials in order; the first that applies answers. When none applies, the error lists
// each one and why it did not.

#include "token_credential.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mstr::internal::gcp {

class ChainedTokenCredential final : public TokenCredential {
 public:
  explicit ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links);
  std::string description() const override;
  // Rethrows the CredentialError of a link that applies but fails; throws CredentialError (not
  // CredentialUnavailableError, so chains do not nest silently) when no link applies.
  AccessToken get_token(const TokenRequestContext& context) override;

 private:
  std::vector<std::unique_ptr<TokenCredential>> links_;
};

}  // namespace mstr::internal::gcp
