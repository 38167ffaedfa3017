#include "vault_token_source.hpp"

#include "vault_http.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace vault {
namespace {

constexpr std::chrono::seconds kLongestTtl = std::chrono::hours(24 * 366);

struct Grant {
  mstr::SecretValue token;
  std::chrono::seconds ttl{0};
  bool renewable = false;
};

// {"auth": {"client_token", "lease_duration", "renewable"}}, as login and renew-self answer.
std::optional<Grant> parse_grant(const std::string& body) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto auth = parsed ? parsed->getObject("auth") : nullptr;
    if (!auth || !auth->has("client_token")) return std::nullopt;
    Grant grant;
    grant.token = mstr::SecretValue(auth->getValue<std::string>("client_token"));
    // A TTL beyond a year is a server's mistake; capped, the clock arithmetic cannot overflow.
    grant.ttl = std::min(std::chrono::seconds(auth->optValue<long>("lease_duration", 0)), kLongestTtl);
    grant.renewable = auth->optValue<bool>("renewable", false);
    if (grant.token.empty() || grant.ttl.count() < 0) return std::nullopt;
    return grant;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace

mstr::SecretValue VaultTokenSource::current(const VaultConfig& config, const mstr::ProviderContext& context) {
  if (config.method == LoginMethod::static_token) return config.token;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (!lease_ || lease_->identity != config.identity() || (lease_->expires && now >= *lease_->expires)) {
    lease_ = login(config, context);
  } else if (lease_->expires && now >= lease_->renew_at) {
    auto renewed = lease_->renewable ? renew(config, context, *lease_) : std::nullopt;
    lease_ = renewed ? std::move(*renewed) : login(config, context);
  }
  return lease_->token;
}

mstr::SecretValue VaultTokenSource::replace(const VaultConfig& config, const mstr::ProviderContext& context,
                                            const mstr::SecretValue& rejected) {
  std::lock_guard lock(mutex_);
  if (!lease_ || lease_->identity != config.identity() || lease_->token == rejected) {
    context.logger.information("vault: the token was refused; " + config.describe_login() + " again");
    lease_.reset();
    lease_ = login(config, context);
  }
  return lease_->token;
}

VaultTokenSource::Lease VaultTokenSource::login(const VaultConfig& config,
                                                const mstr::ProviderContext& context) const {
  VaultCall call;
  call.method = "POST";
  call.endpoint = config.login_endpoint();
  call.body = config.login_body();
  call.repeatable = false;
  call.what = config.describe_login() + " on " + config.address;
  context.logger.debug("vault: " + call.what);
  const auto response = send_to_vault(config, context, call);
  if (response.status == 400 || response.status == 403) {
    refuse(call, response,
           config.method == LoginMethod::approle ? "Vault refused the role id or secret id"
                                                 : "Vault refused the service-account token for this role");
  }
  if (response.status != 200)
    refuse(call, response, "Vault answered HTTP " + std::to_string(response.status));
  auto grant = parse_grant(response.body);
  if (!grant)
    refuse(call, response, "the answer is not a login (no auth.client_token with a lease_duration)");

  Lease lease;
  lease.identity = config.identity();
  lease.token = std::move(grant->token);
  lease.renewable = grant->renewable;
  const auto now = Clock::now();
  if (grant->ttl.count() > 0) {
    lease.expires = now + grant->ttl;
    lease.renew_at = now + grant->ttl * 2 / 3;
  }
  return lease;
}

std::optional<VaultTokenSource::Lease> VaultTokenSource::renew(const VaultConfig& config,
                                                               const mstr::ProviderContext& context,
                                                               const Lease& lease) const {
  VaultCall call;
  call.method = "POST";
  call.endpoint = "/v1/auth/token/renew-self";
  call.body = mstr::SecretValue("{}");
  call.token = &lease.token;
  call.what = "renewing the token of " + config.describe_login() + " on " + config.address;
  std::optional<Grant> grant;
  try {
    const auto response = send_to_vault(config, context, call);
    if (response.status == 200) grant = parse_grant(response.body);
  } catch (const mstr::CredentialError& e) {
    // A new login decides: it works, or it fails with its own, clearer error.
    context.logger.debug(std::string("vault: ") + e.what());
  }
  const auto now = Clock::now();
  // Past its max TTL Vault still answers, with what is left: a renewal that no longer extends the
  // token means only a new login gives more time.
  if (!grant || grant->ttl.count() <= 0 || now + grant->ttl <= *lease.expires) {
    context.logger.debug("vault: the token cannot be extended; " + config.describe_login() + " again");
    return std::nullopt;
  }
  Lease renewed = lease;
  renewed.renewable = grant->renewable;
  renewed.expires = now + grant->ttl;
  renewed.renew_at = now + grant->ttl * 2 / 3;
  context.logger.debug("vault: renewed the token for " + std::to_string(grant->ttl.count()) + " s");
  return renewed;
}

}  // namespace vault
