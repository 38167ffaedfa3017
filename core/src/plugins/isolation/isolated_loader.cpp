#include "plugins/isolation/isolated_loader.hpp"

#include "plugins/isolation/helper_process.hpp"
#include "plugins/isolation/host_protocol.hpp"
#include "plugins/isolation/isolated_provider.hpp"

#include <utility>

extern char** environ;

namespace mstr::internal {
namespace {

// Loading runs only static constructors and the entry point: a plugin still busy after this long
// is stuck.
constexpr std::chrono::milliseconds kLoadTimeout{10000};

}  // namespace

IsolatedPluginLoader::IsolatedPluginLoader(std::filesystem::path helper) : helper_(std::move(helper)) {}
IsolatedPluginLoader::~IsolatedPluginLoader() = default;

std::variant<LoadedPlugin, std::string> IsolatedPluginLoader::load(const std::filesystem::path& file,
                                                                   const PluginRecord& record,
                                                                   bool strict_permissions) {
  std::lock_guard lock(mutex_);
  const auto deadline = HelperProcess::Clock::now() + kLoadTimeout;
  LoadedDescription description;
  try {
    if (!probe_) {
      std::vector<std::string> environment;
      for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
        environment.emplace_back(*entry);
      probe_ = std::make_unique<HelperProcess>(helper_, environment);
      for (auto& entry : environment) wipe(entry);
      probe_->send(encode_hello(HelperSettings{}), deadline);
      const std::string reply = probe_->receive(deadline);
      FrameReader reader(reply);
      if (reader.byte() != static_cast<std::uint8_t>(HostMessage::hello_reply) ||
          reader.number() != kHostProtocolVersion) {
        throw ProtocolViolation{"an unexpected answer to hello (reinstall mstr-plugin-host)"};
      }
    }
    probe_->send(encode_load(file.string(), strict_permissions), deadline);
    const std::string payload = probe_->receive(deadline);
    FrameReader reader(payload);
    if (reader.byte() != static_cast<std::uint8_t>(HostMessage::loaded)) {
      throw ProtocolViolation{"an unexpected answer to load"};
    }
    auto loaded = decode_loaded(reader);
    if (auto* reason = std::get_if<std::string>(&loaded)) return std::move(*reason);
    description = std::get<LoadedDescription>(std::move(loaded));
  } catch (const HelperFailure& failure) {
    probe_.reset();
    return "the plugin ended its isolated helper process while loading: " +
           (failure.timed_out ? "timed out after " + std::to_string(kLoadTimeout.count()) + " ms"
                              : failure.what);
  } catch (const ProtocolViolation& violation) {
    probe_.reset();
    return "the isolated helper process broke the protocol while loading the plugin: " + violation.what;
  }

  // The helper checked the loaded descriptor against the file's record; the file may still have
  // been replaced since this host read it at discovery.
  if (description.info.kind != "credential-provider" || description.info.name != record.name ||
      description.info.schemes != record.schemes) {
    return file.string() + " changed since discovery (the helper loaded plugin '" + description.info.name +
           "')";
  }
  LoadedPlugin plugin;
  plugin.provider = make_isolated_provider(std::move(description), file, helper_, strict_permissions);
  return plugin;
}

}  // namespace mstr::internal
