#include "environment_defaults.hpp"

#include "cli_spec.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

namespace mstr::cli {
namespace {

std::optional<std::string> variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<std::chrono::milliseconds> duration(const char* name) {
  const auto text = variable(name);
  if (!text) return std::nullopt;
  const double seconds = parse_timeout_seconds(*text, name, true);
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

EnvironmentDefaults environment_defaults() {
  CommandLine defaults;
  for (const auto& spec : option_specs()) {
    if (spec.environment.empty()) continue;
    const std::string name(spec.environment);
    const auto value = variable(name.c_str());
    if (!value) continue;
    // A credential variable becomes a reference to itself; the others give their text (a base URL
    // may be a reference too, e.g. aws-ssm:/mstr/base-url: the same forms --base-url takes).
    apply_option(spec, defaults, spec.environment_form == FromEnvironment::reference ? "env:" + name : *value, name);
  }
  return {std::move(defaults.global), std::move(defaults.profile)};
}

SecretCachePolicy secret_cache_from_environment() {
  SecretCachePolicy policy;
  if (const auto ttl = duration("MSTR_SECRET_TTL")) policy.ttl = *ttl;
  if (const auto grace = duration("MSTR_SECRET_STALE_GRACE")) policy.stale_grace = *grace;
  return policy;
}

}  // namespace mstr::cli
