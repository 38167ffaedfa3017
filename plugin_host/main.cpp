// mstr-plugin-host: loads credential-provider plugins for a host process and answers its fetch
// requests, so a plugin that crashes, aborts, exits or hangs takes down this process only.
//
// fd 3 carries the host's frames (core/src/plugins/isolation/host_protocol.hpp); plugin log lines go
// back as log frames at the host's level. stdin is the host's; stdout and stderr are captured by it.
// The process holds secrets, so it turns core dumps off before anything else, and it wipes every
// buffer a secret passed through.

#include "credentials/provider_logger.hpp"
#include "plugins/build_key_check.hpp"
#include "plugins/isolation/frame_codec.hpp"
#include "plugins/isolation/host_protocol.hpp"
#include "plugins/plugin_crash_report.hpp"
#include "plugins/plugin_loader.hpp"
#include "plugins/plugin_metadata_record.hpp"

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace {

using namespace mstr;
using namespace mstr::internal;

std::mutex g_output;  // one frame at a time on stdout: plugins may log from their own threads

bool write_frame(const std::string& frame) {
  std::lock_guard lock(g_output);
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t wrote = ::write(kHelperChannelFd, frame.data() + sent, frame.size() - sent);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    sent += static_cast<std::size_t>(wrote);
  }
  return true;
}

bool read_exact(char* into, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t read = ::read(kHelperChannelFd, into + got, size - got);
    if (read < 0 && errno == EINTR) continue;
    if (read <= 0) return false;
    got += static_cast<std::size_t>(read);
  }
  return true;
}

// The next frame's payload; nullopt when the host closed its end. Throws ProtocolViolation.
std::optional<std::string> read_frame() {
  unsigned char prefix[4];
  if (!read_exact(reinterpret_cast<char*>(prefix), sizeof prefix)) return std::nullopt;
  std::string payload(frame_length(prefix), '\0');
  if (!read_exact(payload.data(), payload.size()))
    throw ProtocolViolation{"the host ended in the middle of a frame"};
  return payload;
}

// Sends every log line of the plugins (and of the core's code they call) to the host as a log frame
// at its mstr::LogLevel.
class HostLogChannel final : public Poco::Channel {
 public:
  void log(const Poco::Message& message) override {
    FrameWriter writer(static_cast<std::uint8_t>(HostMessage::log));
    write_frame(writer.byte(static_cast<std::uint8_t>(log_level_of(message.getPriority())))
                    .text(message.getText())
                    .frame());
  }
};

std::string failure_frame(FailureKind kind, const std::string& message) {
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::failure));
  return writer.byte(static_cast<std::uint8_t>(kind)).text(message).frame();
}

class PluginHost {
 public:
  explicit PluginHost(const HelperSettings& settings) : http_(make_http_client(settings.http)) {}

  std::string load(FrameReader& request) {
    const std::string file = request.text();
    const bool strict = request.byte() != 0;
    // The host checked the file at discovery; it is read again here because it may have changed.
    auto record = read_plugin_record(file);
    if (auto* reason = std::get_if<std::string>(&record)) return encode_load_refused(*reason);
    const auto& parsed = std::get<PluginRecord>(record);
    if (auto reason = build_key_mismatch(parsed.raw.build_key, host_build_key()))
      return encode_load_refused(*reason);
    auto outcome = load_plugin(file, parsed, strict);
    if (auto* reason = std::get_if<std::string>(&outcome)) return encode_load_refused(*reason);
    auto& plugin = std::get<LoadedPlugin>(outcome);
    LoadedDescription description{plugin_info(parsed, file), true};
    if (plugin.provider) {
      description.can_refetch = plugin.provider->can_refetch();
      for (const auto& scheme : parsed.schemes) providers_[scheme] = {plugin.provider, parsed.name};
    }
    return encode_loaded(description);
  }

  // The loaded provider's key for a reference, so the host's cache shares one fetch among every
  // spelling of one secret as it does in process.
  std::string cache_key(FrameReader& request) {
    const std::string scheme = request.text();
    const std::string locator = request.text();
    const Provider* provider = provider_for(scheme);
    if (provider == nullptr) return unclaimed(scheme);
    try {
      FrameWriter writer(static_cast<std::uint8_t>(HostMessage::cache_key_reply));
      return writer.text(provider->provider->cache_key(CredentialReference(scheme, locator))).frame();
    } catch (const std::exception& e) {
      return failure_frame(FailureKind::credential, e.what());
    }
  }

  std::string fetch(FrameReader& request) {
    const std::string scheme = request.text();
    const std::string locator = request.text();
    const Provider* provider = provider_for(scheme);
    if (provider == nullptr) return unclaimed(scheme);
    // The host enforces the deadline by ending this process, so the fetch runs on this thread.
    ProviderLogger logger(provider->name);
    const ProviderContext context{*http_, logger, env_};
    try {
      const SecretValue secret = provider->provider->fetch(CredentialReference(scheme, locator), context);
      FrameWriter writer(static_cast<std::uint8_t>(HostMessage::secret));
      return writer.text(secret.reveal()).frame();
    } catch (const TlsError& e) {
      return failure_frame(FailureKind::tls, e.what());
    } catch (const TimeoutError& e) {
      return failure_frame(FailureKind::timeout, e.what());
    } catch (const TransportError& e) {
      return failure_frame(FailureKind::transport, e.what());
    } catch (const ConfigurationError& e) {
      return failure_frame(FailureKind::configuration, e.what());
    } catch (const VaultUnavailableError& e) {
      return failure_frame(FailureKind::vault_unavailable, e.what());
    } catch (const std::exception& e) {
      return failure_frame(FailureKind::credential, e.what());
    }
  }

 private:
  struct Provider {
    std::shared_ptr<ICredentialProvider> provider;
    std::string name;
  };

  const Provider* provider_for(const std::string& scheme) const {
    const auto it = providers_.find(scheme);
    return it == providers_.end() ? nullptr : &it->second;
  }

  static std::string unclaimed(const std::string& scheme) {
    return failure_frame(FailureKind::credential,
                         "no plugin loaded in this helper claims the scheme '" + scheme + "'");
  }

  std::shared_ptr<IHttpClient> http_;
  const ProcessEnvironment env_;
  std::map<std::string, Provider, std::less<>> providers_;
};

int serve() {
  auto hello = read_frame();
  if (!hello) return 0;
  FrameReader hello_reader(*hello);
  if (hello_reader.byte() != static_cast<std::uint8_t>(HostMessage::hello))
    throw ProtocolViolation{"no hello"};
  HelperSettings settings = decode_hello(hello_reader);
  wipe(*hello);  // it carried the proxy password

  const int level = settings.log_level == 0 ? 0 : poco_priority(static_cast<LogLevel>(settings.log_level));
  Poco::Logger& root = Poco::Logger::root();
  root.setChannel(Poco::AutoPtr<Poco::Channel>(new HostLogChannel));
  root.setLevel(level);
  for (const auto& name : {"mstr.provider", "mstr.plugins", "mstr.http"})
    Poco::Logger::get(name).setLevel(level);

  PluginHost host(settings);
  if (settings.http.proxy) wipe(settings.http.proxy->password);
  FrameWriter reply(static_cast<std::uint8_t>(HostMessage::hello_reply));
  if (!write_frame(reply.number(kHostProtocolVersion).frame())) return 0;

  while (auto payload = read_frame()) {
    FrameReader request(*payload);
    std::string answer;
    switch (static_cast<HostMessage>(request.byte())) {
      case HostMessage::load:
        answer = host.load(request);
        break;
      case HostMessage::fetch:
        answer = host.fetch(request);
        break;
      case HostMessage::cache_key:
        answer = host.cache_key(request);
        break;
      default:
        throw ProtocolViolation{"an unexpected request"};
    }
    const bool sent = write_frame(answer);
    wipe(answer);
    if (!sent) return 0;
  }
  return 0;
}

}  // namespace

int main() {
  // It holds secrets: no core dump, no ptrace by other users' processes, and a host that went away
  // is an EPIPE, not a signal.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  ::signal(SIGPIPE, SIG_IGN);
  // The host reads a plugin's crash from this process's wait status, so fatal signals keep their
  // default action here (a handler, a sanitizer's included, would turn them into an exit status).
  disable_plugin_crash_reports();
  for (const int fatal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::signal(fatal, SIG_DFL);
  try {
    return serve();
  } catch (const ProtocolViolation& violation) {
    const std::string line = "mstr-plugin-host: " + violation.what + "\n";
    [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, line.data(), line.size());
    return 2;
  }
}
