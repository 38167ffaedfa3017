// mstr plugins: what was discovered, from which file, and every plugin refused with its reason. It
// reads the plugins' metadata only: listing loads none of them.
#include "commands/commands.hpp"

#include <ostream>

namespace mstr::cli {
namespace {

std::string provides(const LoadedPluginInfo& plugin) {
  if (!plugin.schemes.empty()) {
    std::string text = "schemes";
    for (const auto& scheme : plugin.schemes) text += " " + scheme + ":";
    return text;
  }
  return "mode " + plugin.mode + " (loginMode " + std::to_string(plugin.login_mode) + ")";
}

}  // namespace

void run_plugins(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_command_options(line, {});
  check_operand_count(line, 0, "plugins");
  const PluginRegistry& registry = context.plugins();

  out << "Isolation: "
      << (registry.isolation() == PluginIsolation::process
              ? "process (credential providers run in mstr-plugin-host; auth modes in process)"
              : "in-process")
      << "\n\n";
  out << "Searched:\n";
  for (const auto& directory : registry.searched_directories()) out << "  " << directory.string() << '\n';

  const auto available = registry.available();
  out << "\nAvailable (" << available.size() << "):\n";
  for (const auto& plugin : available) {
    out << "  " << plugin.name << ' ' << plugin.version << "  " << plugin.kind << ", ABI " << plugin.abi_version
        << ", " << provides(plugin) << (plugin.built_in ? ", built in" : "")
        << (plugin.isolated ? ", isolated" : "") << '\n'
        << "      " << plugin.file.string() << '\n'
        << "      built with " << plugin.build << '\n';
  }

  const auto refused = registry.refused();
  out << "\nRefused (" << refused.size() << "):\n";
  for (const auto& plugin : refused) {
    out << "  " << plugin.file.string() << '\n' << "      " << plugin.reason << '\n';
  }
}

}  // namespace mstr::cli
