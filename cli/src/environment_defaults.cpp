#include "environment_defaults.hpp"

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

// The credential options take references; a variable that is set becomes a reference to itself.
std::optional<std::string> reference_to(const char* name) {
  if (!variable(name)) return std::nullopt;
  return std::string("env:") + name;
}

std::optional<std::chrono::milliseconds> duration(const char* name) {
  const auto text = variable(name);
  if (!text) return std::nullopt;
  const double seconds = parse_timeout_seconds(*text, name, true);
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

EnvironmentDefaults environment_defaults() {
  EnvironmentDefaults defaults;
  // A URL, or a reference to one (e.g. aws-ssm:/mstr/base-url): the same forms --base-url takes.
  defaults.options.base_url = variable("MSTR_BASE_URL");
  defaults.options.auth = variable("MSTR_AUTH");
  defaults.options.username = reference_to("MSTR_USERNAME");
  defaults.options.password = reference_to("MSTR_PASSWORD");
  defaults.options.api_key = reference_to("MSTR_API_KEY");
  defaults.profile = variable("MSTR_PROFILE");
  defaults.options.project = variable("MSTR_PROJECT");  // by name
  return defaults;
}

SecretCachePolicy secret_cache_from_environment() {
  SecretCachePolicy policy;
  if (const auto ttl = duration("MSTR_SECRET_TTL")) policy.ttl = *ttl;
  if (const auto grace = duration("MSTR_SECRET_STALE_GRACE")) policy.stale_grace = *grace;
  return policy;
}

}  // namespace mstr::cli
