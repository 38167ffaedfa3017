#include <plugin_common/chained_token_credential.hpp>

#include <utility>

namespace mstr::internal::common {

ChainedTokenCredential::ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links,
                                               ChainWording wording)
    : links_(std::move(links)), wording_(std::move(wording)) {}

std::string ChainedTokenCredential::description() const {
  std::string text = "chain of";
  for (std::size_t i = 0; i < links_.size(); ++i) text += (i == 0 ? " " : ", ") + links_[i]->description();
  return text;
}

AccessToken ChainedTokenCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  std::string tried;
  for (const auto& link : links_) {
    try {
      AccessToken token = link->get_token(scope, context);
      context.logger.debug(wording_.service + " token for " + scope + " from " + link->description());
      return token;
    } catch (const CredentialUnavailableError& unavailable) {
      context.logger.debug(wording_.service + " credential " + link->description() +
                           " skipped: " + unavailable.what());
      tried += "\n  - " + link->description() + ": " + unavailable.what();
    } catch (const VaultUnavailableError& outage) {
      // An outage stays an outage through the chain, so that a host can tell it from a refusal.
      tried += "\n  - " + link->description() + ": " + outage.what();
      throw VaultUnavailableError(
          wording_.service + " authentication failed for " + scope + "; tried:" + tried, wording_.provider);
    } catch (const CredentialError& failure) {
      tried += "\n  - " + link->description() + ": " + failure.what();
      throw CredentialError(wording_.service + " authentication failed for " + scope + "; tried:" + tried,
                            wording_.provider);
    }
  }
  throw CredentialError("no " + wording_.service + " credential is available for " + scope +
                            "; tried:" + tried + "\n" + wording_.hint,
                        wording_.provider);
}

}  // namespace mstr::internal::common
