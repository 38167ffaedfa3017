#include "plugins/fetch_deadline.hpp"

#include "plugins/guarded_plugins.hpp"
#include "plugins/plugin_crash_report.hpp"

#include <mstr/sdk/errors.hpp>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace mstr::internal {
namespace {

// A call through a lease holds it shared; revoking takes it exclusively, so it waits for a call in
// flight (bounded by the HTTP client's own timeouts) and refuses every later one.
class LeasedHttpClient final : public IHttpClient {
 public:
  explicit LeasedHttpClient(IHttpClient& target) : target_(&target) {}
  HttpResponse send(const HttpRequest& request) override {
    std::shared_lock lock(mutex_);
    if (target_ == nullptr) throw TransportError("the host stopped waiting for this credential fetch");
    return target_->send(request);
  }
  void revoke() {
    std::unique_lock lock(mutex_);
    target_ = nullptr;
  }

 private:
  std::shared_mutex mutex_;
  IHttpClient* target_;
};

class LeasedEnvironment final : public IEnvironment {
 public:
  explicit LeasedEnvironment(const IEnvironment& target) : target_(&target) {}
  std::optional<std::string> get(std::string_view name) const override {
    std::shared_lock lock(mutex_);
    return target_ == nullptr ? std::nullopt : target_->get(name);
  }
  void revoke() {
    std::unique_lock lock(mutex_);
    target_ = nullptr;
  }

 private:
  mutable std::shared_mutex mutex_;
  const IEnvironment* target_;
};

// The caller's logger lives on its stack: a fetch that wakes up after its caller stopped waiting
// logs nothing.
class LeasedLogger final : public ILogger {
 public:
  explicit LeasedLogger(ILogger& target) : target_(&target) {}
  bool enabled(LogLevel level) const override {
    std::shared_lock lock(mutex_);
    return target_ != nullptr && target_->enabled(level);
  }
  void log(LogLevel level, std::string_view message) override {
    std::shared_lock lock(mutex_);
    if (target_ != nullptr) target_->log(level, message);
  }
  void revoke() {
    std::unique_lock lock(mutex_);
    target_ = nullptr;
  }

 private:
  mutable std::shared_mutex mutex_;
  ILogger* target_;
};

struct FetchState {
  FetchState(IHttpClient& http, ILogger& logger, const IEnvironment& env)
      : http(http), logger(logger), env(env) {}
  LeasedHttpClient http;
  LeasedLogger logger;
  LeasedEnvironment env;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;  // guarded by mutex, like the two below
  std::optional<SecretValue> value;
  // Handed over, never shared: the worker moves its error in and the caller moves it out, both under
  // the mutex, so the exception's last reference is dropped by the thread that caught it. An
  // exception_ptr's count lives in the uninstrumented C++ runtime, so a worker dropping the last
  // reference after the caller read the exception is a race as far as ThreadSanitizer can tell.
  std::exception_ptr error;
};

}  // namespace

SecretValue fetch_with_deadline(std::shared_ptr<ICredentialProvider> provider, const std::string& plugin,
                                const CredentialReference& reference, const ProviderContext& context) {
  auto state = std::make_shared<FetchState>(context.http, context.logger, context.env);
  const std::string target = reference.scheme() + ":" + reference.locator();
  try {
    std::thread([state, provider = std::move(provider), plugin, reference, timeout = context.timeout,
                 target] {
      std::optional<SecretValue> value;
      std::exception_ptr error;
      try {
        const PluginCodeScope scope(plugin, "fetching '" + target + "'");
        const ProviderContext leased{state->http, state->logger, state->env, timeout};
        value = provider->fetch(reference, leased);
      } catch (const Error&) {
        error = std::current_exception();
      } catch (...) {
        error = std::make_exception_ptr(CredentialError("credential provider plugin '" + plugin +
                                                            "' failed in fetch() of '" + target +
                                                            "': " + describe_current_exception(),
                                                        plugin));
      }
      std::lock_guard lock(state->mutex);
      state->value = std::move(value);
      state->error = std::move(error);
      state->done = true;
      state->finished.notify_all();
    }).detach();
  } catch (const std::system_error& e) {
    throw CredentialError(
        "cannot start a thread for credential provider plugin '" + plugin + "': " + e.what(), plugin);
  }

  std::unique_lock lock(state->mutex);
  if (!state->finished.wait_for(lock, context.timeout, [&] { return state->done; })) {
    lock.unlock();
    state->http.revoke();
    state->logger.revoke();
    state->env.revoke();
    // A hung vault, as far as the caller can tell: an outage, not an answer about the secret.
    throw VaultUnavailableError("credential provider plugin '" + plugin + "' timed out after " +
                                    std::to_string(context.timeout.count()) + " ms fetching '" + target +
                                    "' (its fetch is abandoned; raise the timeout if the vault is slow)",
                                plugin);
  }
  if (auto error = std::exchange(state->error, nullptr)) std::rethrow_exception(error);
  return std::move(*state->value);
}

}  // namespace mstr::internal
