// mstr plugins: what was discovered, from which file, and every plugin refused with its reason. It
// reads the plugins' metadata only: listing loads none of them.
#include "commands/commands.hpp"

#include "output.hpp"
#include "output_target.hpp"

#include <ostream>

namespace mstr::cli {
namespace {

std::string provides(const PluginInfo& plugin) {
  if (!plugin.schemes.empty()) {
    std::string text = "schemes";
    for (const auto& scheme : plugin.schemes) text += " " + scheme + ":";
    return text;
  }
  return "mode " + plugin.mode + " (loginMode " + std::to_string(plugin.login_mode) + ")";
}

}  // namespace

void run_plugins(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  const PluginRegistry& registry = context.plugins();
  if (format == OutputFormat::table && line.format) {
    // Asked for by name: a table like every other listing's, one row per plugin file.
    Listing listing{{"status", "name", "version", "kind", "abi", "provides", "built in", "isolated", "file", "reason"},
                    {}};
    for (const auto& plugin : registry.available()) {
      listing.rows.push_back({"available", plugin.name, plugin.version, plugin.kind,
                              std::to_string(plugin.abi_version), provides(plugin), plugin.built_in ? "yes" : "no",
                              plugin.isolated ? "yes" : "no", plugin.file.string(), ""});
    }
    for (const auto& refused : registry.refused()) {
      listing.rows.push_back({"refused", "", "", "", "", "", "", "", refused.file.string(), refused.reason});
    }
    print_listing(out, listing, format);
    return;
  }
  if (format != OutputFormat::table) {
    // One row per plugin file, available or refused, so a script can filter on the status.
    Listing listing{{"status", "name", "version", "kind", "abi", "provides", "built_in", "isolated", "loaded",
                     "build", "file", "reason"},
                    {}};
    for (const auto& plugin : registry.available()) {
      listing.rows.push_back({"available", plugin.name, plugin.version, plugin.kind,
                              std::to_string(plugin.abi_version), provides(plugin), plugin.built_in ? "yes" : "no",
                              plugin.isolated ? "yes" : "no", plugin.loaded ? "yes" : "no", plugin.build,
                              plugin.file.string(), ""});
    }
    for (const auto& refused : registry.refused()) {
      listing.rows.push_back({"refused", "", "", "", "", "", "", "", "", "", refused.file.string(), refused.reason});
    }
    print_listing(out, listing, format);
    return;
  }

  // On a terminal without --format: the layout for reading, with the search path and build keys.
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
