#pragma once
// A plugin's metadata record, read from its file without loading it, and the checks the record must
// pass: magic, size, ABI version, kind, NUL-terminated printable texts, valid claims. The checks
// are pure functions of the bytes, so they can be tested and fuzzed on their own.

#include <mstr/sdk/plugin_metadata.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mstr::internal {

// A record that passed every check, with its texts and claims as host types.
struct PluginRecord {
  PluginMetadata raw;  // compared byte for byte with what the loaded plugin's descriptor points at
  PluginKind kind;
  std::string name;
  std::string version;
  std::string description;
  std::vector<std::string> schemes;  // credential providers
  std::string mode;                  // auth modes
};

// The record in the bytes of a plugin's metadata section, or why the host refuses it.
std::variant<PluginRecord, std::string> parse_plugin_record(std::string_view section);

// The record of the shared object `file`, or why the host refuses it (not an ELF shared object for
// this machine, no record because it was built for plugin ABI 1, a malformed record, ...).
std::variant<PluginRecord, std::string> read_plugin_record(const std::string& file);

}  // namespace mstr::internal
