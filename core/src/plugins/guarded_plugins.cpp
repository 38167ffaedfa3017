#include "plugins/guarded_plugins.hpp"

#include "plugins/fetch_deadline.hpp"
#include "plugins/plugin_crash_report.hpp"

#include <mstr/sdk/errors.hpp>

#include <exception>
#include <utility>

namespace mstr::internal {
namespace {

template <typename Call>
auto guard_provider_call(const std::string& plugin, const std::string& what, Call&& call) {
  try {
    return call();
  } catch (const Error&) {
    throw;
  } catch (...) {
    throw CredentialError(
        "credential provider plugin '" + plugin + "' failed in " + what + ": " + describe_current_exception(),
        plugin);
  }
}

template <typename Call>
auto guard_mode_call(const std::string& plugin, const std::filesystem::path& file, const std::string& what,
                     Call&& call) {
  try {
    return call();
  } catch (const Error&) {
    throw;
  } catch (...) {
    throw PluginError(
        "auth mode plugin '" + plugin + "' failed in " + what + ": " + describe_current_exception(), plugin,
        file.string());
  }
}

}  // namespace

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

GuardedCredentialProvider::GuardedCredentialProvider(SharedLibrary library,
                                                     std::unique_ptr<ICredentialProvider> provider,
                                                     std::string plugin_name, std::filesystem::path file,
                                                     bool deadline_worker)
    : provider_(provider.release(),
                [library = std::move(library)](ICredentialProvider* made) { delete made; }),
      plugin_name_(std::move(plugin_name)),
      file_(std::move(file)),
      deadline_worker_(deadline_worker) {}

GuardedCredentialProvider::~GuardedCredentialProvider() = default;

std::vector<std::string> GuardedCredentialProvider::schemes() const {
  return guard_provider_call(plugin_name_, "schemes()", [&] { return provider_->schemes(); });
}

SecretValue GuardedCredentialProvider::fetch(const CredentialReference& reference,
                                             const ProviderContext& context) {
  if (deadline_worker_ && context.timeout.count() > 0)
    return fetch_with_deadline(provider_, plugin_name_, reference, context);
  const std::string target = reference.scheme() + ":" + reference.locator();
  const PluginCodeScope scope(plugin_name_, "fetching '" + target + "'");
  return guard_provider_call(plugin_name_, "fetch() of '" + target + "'",
                             [&] { return provider_->fetch(reference, context); });
}

bool GuardedCredentialProvider::can_refetch() const {
  return guard_provider_call(plugin_name_, "can_refetch()", [&] { return provider_->can_refetch(); });
}

std::string GuardedCredentialProvider::cache_key(const CredentialReference& reference) const {
  return guard_provider_call(plugin_name_, "cache_key()", [&] { return provider_->cache_key(reference); });
}

GuardedAuthMode::GuardedAuthMode(SharedLibrary library, std::unique_ptr<IAuthMode> mode,
                                 std::string plugin_name, std::filesystem::path file)
    : library_(std::move(library)),
      mode_(std::move(mode)),
      plugin_name_(std::move(plugin_name)),
      file_(std::move(file)) {}

GuardedAuthMode::~GuardedAuthMode() = default;

std::string GuardedAuthMode::name() const {
  return guard_mode_call(plugin_name_, file_, "name()", [&] { return mode_->name(); });
}

int GuardedAuthMode::login_mode() const {
  return guard_mode_call(plugin_name_, file_, "login_mode()", [&] { return mode_->login_mode(); });
}

std::vector<CredentialField> GuardedAuthMode::fields() const {
  return guard_mode_call(plugin_name_, file_, "fields()", [&] { return mode_->fields(); });
}

void GuardedAuthMode::login(ILoginChannel& channel, const ResolvedCredentials& credentials) {
  const PluginCodeScope scope(plugin_name_, "logging in");
  guard_mode_call(plugin_name_, file_, "login()", [&] { mode_->login(channel, credentials); });
}

bool GuardedAuthMode::logs_out() const {
  return guard_mode_call(plugin_name_, file_, "logs_out()", [&] { return mode_->logs_out(); });
}

bool GuardedAuthMode::can_relogin() const {
  return guard_mode_call(plugin_name_, file_, "can_relogin()", [&] { return mode_->can_relogin(); });
}

}  // namespace mstr::internal
