#include "plugins/isolation/isolated_provider.hpp"

#include "http/pooled_http_client.hpp"
#include "plugins/isolation/helper_process.hpp"

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <utility>

extern char** environ;

namespace mstr::internal {
namespace {

// The wait when the caller set no timeout: a helper must never be waited for without a bound.
constexpr std::chrono::milliseconds kDefaultTimeout{60000};
// The wait for a cache key: the plugin computes it from the reference alone, without I/O.
constexpr std::chrono::milliseconds kCacheKeyTimeout{5000};

// NAME=value entries of the environment the provider should see: a MapEnvironment's variables, or
// else this process's environment.
std::vector<std::string> environment_entries(const IEnvironment& env) {
  std::vector<std::string> entries;
  if (const auto* map = dynamic_cast<const MapEnvironment*>(&env)) {
    for (const auto& [name, value] : map->variables()) entries.push_back(name + "=" + value);
  } else {
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) entries.emplace_back(*entry);
  }
  return entries;
}

// The environment may hold cloud keys: copies of it are wiped, not just freed.
void wipe_all(std::vector<std::string>& entries) noexcept {
  for (auto& entry : entries) wipe(entry);
  entries.clear();
}

// The most verbose level the host writes, so the helper sends no line the host would drop; 0: none.
int most_verbose_level(const ILogger& logger) {
  for (const auto level :
       {LogLevel::trace, LogLevel::debug, LogLevel::information, LogLevel::warning, LogLevel::error}) {
    if (logger.enabled(level)) return static_cast<int>(level);
  }
  return 0;
}

[[noreturn]] void rethrow_failure(FrameReader& reader, const std::string& plugin) {
  const auto kind = static_cast<FailureKind>(reader.byte());
  const std::string message = reader.text();
  switch (kind) {
    case FailureKind::configuration:
      throw ConfigurationError(message);
    case FailureKind::timeout:
      throw TimeoutError(message);
    case FailureKind::tls:
      throw TlsError(message);
    case FailureKind::transport:
      throw TransportError(message);
    case FailureKind::vault_unavailable:
      throw VaultUnavailableError(message, plugin);
    case FailureKind::credential:
      break;
  }
  throw CredentialError(message, plugin);
}

class IsolatedCredentialProvider final : public ICredentialProvider {
 public:
  IsolatedCredentialProvider(LoadedDescription description, std::filesystem::path file,
                             std::filesystem::path helper, bool strict_permissions)
      : description_(std::move(description)),
        file_(std::move(file)),
        helper_path_(std::move(helper)),
        strict_permissions_(strict_permissions) {}

  ~IsolatedCredentialProvider() override { wipe_all(helper_environment_); }

  std::vector<std::string> schemes() const override { return description_.info.schemes; }
  bool can_refetch() const override { return description_.can_refetch; }

  // Asked of the plugin in its helper once one runs (the first fetch starts it, with the caller's
  // environment and settings); before that, and whenever the helper cannot say, the reference as
  // written. The resolver asks again after a fetch, so the first spelling's entry is also filed
  // under the plugin's key. Never throws: a wrong key costs an extra fetch, never a wrong secret.
  std::string cache_key(const CredentialReference& reference) const override {
    std::lock_guard lock(mutex_);
    if (!helper_) return ICredentialProvider::cache_key(reference);
    const auto deadline = HelperProcess::Clock::now() + kCacheKeyTimeout;
    try {
      FrameWriter request(static_cast<std::uint8_t>(HostMessage::cache_key));
      helper_->send(request.text(reference.scheme()).text(reference.locator()).frame(), deadline);
      for (;;) {
        const std::string payload = helper_->receive(deadline);
        FrameReader reader(payload);
        const auto type = static_cast<HostMessage>(reader.byte());
        if (type == HostMessage::log) continue;  // no logger is lent for this call
        if (type == HostMessage::cache_key_reply) return reader.text();
        if (type == HostMessage::failure) return ICredentialProvider::cache_key(reference);
        throw ProtocolViolation{"an unexpected message in answer to a cache key"};
      }
    } catch (const HelperFailure&) {
    } catch (const ProtocolViolation&) {
    }
    // The helper is in an unknown state: the next fetch starts a fresh one.
    helper_.reset();
    wipe_all(helper_environment_);
    return ICredentialProvider::cache_key(reference);
  }

  SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) override {
    const std::string target = reference.scheme() + ":" + reference.locator();
    const auto budget = context.timeout.count() > 0 ? context.timeout : kDefaultTimeout;
    // One conversation at a time: the helper answers its requests in order.
    std::lock_guard lock(mutex_);
    const auto deadline = HelperProcess::Clock::now() + budget;
    std::vector<std::string> environment = environment_entries(context.env);
    if (helper_ && environment != helper_environment_) stop();
    if (helper_) wipe_all(environment);
    try {
      if (!helper_) start(context, std::move(environment), deadline);
      FrameWriter request(static_cast<std::uint8_t>(HostMessage::fetch));
      helper_->send(request.text(reference.scheme()).text(reference.locator()).frame(), deadline);
      return read_answer(context, deadline);
    } catch (const HelperFailure& failure) {
      // What the plugin printed can say why it died ("free(): invalid pointer"); it is the plugin's
      // output, so it stays at debug level.
      if (helper_ && !helper_->stderr_tail().empty()) {
        context.logger.debug("output of the isolated helper of plugin '" + name() +
                             "': " + helper_->stderr_tail());
      }
      stop();
      const std::string message =
          "credential provider plugin '" + name() +
          "' failed in its isolated helper process while fetching '" + target + "': " +
          (failure.timed_out ? "timed out after " + std::to_string(budget.count()) + " ms" : failure.what) +
          " (a fresh helper starts on the next use)";
      // A helper past its deadline is a vault that did not answer; a helper that crashed is a broken
      // plugin, which no stale value should paper over.
      if (failure.timed_out) throw VaultUnavailableError(message, name());
      throw CredentialError(message, name());
    } catch (const ProtocolViolation& violation) {
      stop();
      throw CredentialError("credential provider plugin '" + name() +
                                "': its isolated helper process broke the " + "protocol while fetching '" +
                                target + "': " + violation.what,
                            name());
    }
  }

 private:
  const std::string& name() const { return description_.info.name; }

  void stop() {
    helper_.reset();
    wipe_all(helper_environment_);
  }

  void start(const ProviderContext& context, std::vector<std::string> environment,
             HelperProcess::Clock::time_point deadline) {
    helper_environment_ = std::move(environment);
    helper_ = std::make_unique<HelperProcess>(helper_path_, helper_environment_);

    HelperSettings settings;
    if (const auto* client = dynamic_cast<const PooledHttpClient*>(&context.http))
      settings.http = client->options();
    settings.log_level = most_verbose_level(context.logger);
    std::string hello = encode_hello(settings);
    helper_->send(hello, deadline);
    wipe(hello);
    const std::string reply = helper_->receive(deadline);
    if (FrameReader reader = expect(HostMessage::hello_reply, reply);
        reader.number() != kHostProtocolVersion) {
      throw ProtocolViolation{"the helper speaks another protocol version (reinstall mstr-plugin-host)"};
    }

    helper_->send(encode_load(file_.string(), strict_permissions_), deadline);
    const std::string payload = helper_->receive(deadline);
    FrameReader reader = expect(HostMessage::loaded, payload);
    const auto loaded = decode_loaded(reader);
    if (const auto* reason = std::get_if<std::string>(&loaded)) {
      throw HelperFailure{"the helper refused to load " + file_.string() + ": " + *reason};
    }
    const auto& info = std::get<LoadedDescription>(loaded).info;
    if (info.name != name() || info.schemes != description_.info.schemes) {
      throw HelperFailure{file_.string() + " changed since discovery (it now declares plugin '" + info.name +
                          "')"};
    }
  }

  static FrameReader expect(HostMessage type, const std::string& payload) {
    FrameReader reader(payload);
    if (reader.byte() != static_cast<std::uint8_t>(type)) throw ProtocolViolation{"an unexpected message"};
    return reader;
  }

  SecretValue read_answer(const ProviderContext& context, HelperProcess::Clock::time_point deadline) {
    for (;;) {
      std::string payload = helper_->receive(deadline);
      FrameReader reader(payload);
      switch (static_cast<HostMessage>(reader.byte())) {
        case HostMessage::log: {
          // The helper is not trusted with the level either: one outside the enum is clamped into it.
          const auto level = static_cast<LogLevel>(std::clamp<int>(
              reader.byte(), static_cast<int>(LogLevel::trace), static_cast<int>(LogLevel::error)));
          context.logger.log(level, reader.text());
          break;
        }
        case HostMessage::secret: {
          std::string value = reader.text();
          SecretValue secret(std::move(value));
          wipe(value);
          wipe(payload);
          return secret;
        }
        case HostMessage::failure:
          rethrow_failure(reader, name());
        default:
          throw ProtocolViolation{"an unexpected message in answer to a fetch"};
      }
    }
  }

  const LoadedDescription description_;
  const std::filesystem::path file_;
  const std::filesystem::path helper_path_;
  const bool strict_permissions_;
  // Mutable: cache_key() is const for callers, but it talks to (and may end) the helper.
  mutable std::mutex mutex_;  // guards the two below
  mutable std::unique_ptr<HelperProcess> helper_;
  mutable std::vector<std::string> helper_environment_;  // holds secrets (cloud keys): wiped when it goes
};

}  // namespace

std::shared_ptr<ICredentialProvider> make_isolated_provider(LoadedDescription description,
                                                            std::filesystem::path file,
                                                            std::filesystem::path helper,
                                                            bool strict_permissions) {
  return std::make_shared<IsolatedCredentialProvider>(std::move(description), std::move(file),
                                                      std::move(helper), strict_permissions);
}

}  // namespace mstr::internal
