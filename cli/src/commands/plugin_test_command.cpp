// mstr plugin-test FILE [REFERENCE]: the test harness for plugin authors. Loads that one plugin file
// the way every host does (permissions, metadata, build key, its claims against the SDK's built-in
// plugins), then resolves REFERENCE through a credential provider in process and again in an
// mstr-plugin-host helper, printing what each step did. It exits 0 when every step passed.
#include "commands/commands.hpp"

#include "exit_codes.hpp"

#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <system_error>

namespace mstr::cli {
namespace {

namespace fs = std::filesystem;

// FILE's directory and the default directory, as a host sees them, nothing from the environment.
std::shared_ptr<PluginRegistry> discover(const fs::path& file, PluginIsolation isolation,
                                         const std::vector<std::string>& claims) {
  PluginSearchOptions options;
  options.directories = {file.parent_path()};
  options.use_environment = false;
  options.isolation = isolation;
  // Chosen over a neighbour in its own directory that claims the same names; a built-in claim still wins.
  for (const auto& name : claims) options.chosen_plugins[name] = file;
  return PluginRegistry::discover(options);
}

std::optional<PluginInfo> find(const PluginRegistry& registry, const fs::path& file) {
  for (const auto& plugin : registry.available()) {
    std::error_code ec;
    if (fs::equivalent(plugin.file, file, ec)) return plugin;
  }
  return std::nullopt;
}

std::string refusal(const PluginRegistry& registry, const fs::path& file) {
  for (const auto& refused : registry.refused()) {
    std::error_code ec;
    if (fs::equivalent(refused.file, file, ec)) return refused.reason;
  }
  return "not found in its directory (a plugin file's name ends in .so)";
}

void resolve_with(const std::shared_ptr<PluginRegistry>& registry, CliContext& context, const std::string& label,
                  const CredentialReference& reference, bool show, std::ostream& out) {
  const auto http = make_http_client(context.session_options());
  const ProcessEnvironment environment;
  CredentialResolver resolver(registry, *http, environment, context.session_options().read_timeout);
  const SecretValue value = resolver.resolve(reference);
  out << label << ": resolved " << reference.scheme() << ':' << reference.locator()
      << (reference.field() ? "#" + *reference.field() : std::string()) << ": ";
  if (show) {
    out << value.reveal() << '\n';
  } else {
    out << "**** (" << value.size() << " characters)\n";
  }
}

}  // namespace

void run_plugin_test(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.empty() || line.operands.size() > 2) check_operand_count(line, 2);
  const fs::path file = fs::absolute(line.operands[0]);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw UsageError("plugin-test: " + file.string() + " is not a file");

  // The metadata and build key, read from the file without loading it. A neighbour in its directory
  // claiming the same names refuses it here as in a host: the message says how to choose.
  auto registry = discover(file, PluginIsolation::in_process, {});
  std::optional<PluginInfo> plugin = find(*registry, file);
  if (!plugin) {
    throw CliError("plugin-test: " + file.string() + " is refused: " + refusal(*registry, file),
                   ExitCode::credential);
  }
  std::vector<std::string> claims = plugin->schemes;
  if (!plugin->mode.empty()) claims.push_back(plugin->mode);
  registry = discover(file, PluginIsolation::in_process, claims);
  out << "file: " << file.string() << '\n'
      << "metadata: " << plugin->kind << " '" << plugin->name << "' " << plugin->version << ", ABI "
      << plugin->abi_version << ", "
      << (plugin->schemes.empty() ? "mode " + plugin->mode : "schemes " + [&] {
            std::string text;
            for (const auto& scheme : plugin->schemes) text += (text.empty() ? "" : " ") + scheme + ":";
            return text;
          }())
      << '\n'
      << "build key: " << plugin->build << " (this host accepts it)\n";

  if (plugin->kind == "auth-mode") {
    if (line.operands.size() != 1) throw UsageError("plugin-test: an auth mode takes no REFERENCE");
    if (registry->auth_mode(plugin->mode) == nullptr) {
      throw CliError("plugin-test: " + file.string() + " is refused: " + refusal(*registry, file),
                     ExitCode::credential);
    }
    out << "in process: loaded; its name and loginMode match its metadata\n";
    return;
  }
  if (line.operands.size() != 2) {
    throw UsageError("plugin-test: a credential provider needs a REFERENCE to resolve, e.g. " +
                     plugin->schemes.front() + ":NAME");
  }
  const auto reference = CredentialReference::parse(line.operands[1]);
  if (std::find(claims.begin(), claims.end(), reference.scheme()) == claims.end()) {
    throw UsageError("plugin-test: " + plugin->name + " does not claim the scheme of the reference");
  }
  resolve_with(registry, context, "in process", reference, line.show, out);
  resolve_with(discover(file, PluginIsolation::process, claims), context, "isolated (mstr-plugin-host)", reference,
               line.show, out);
}

}  // namespace mstr::cli
