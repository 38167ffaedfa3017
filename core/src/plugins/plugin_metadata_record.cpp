#include "plugins/plugin_metadata_record.hpp"

#include "plugins/descriptor_check.hpp"
#include "plugins/elf_section.hpp"

#include <mstr/sdk/plugin.hpp>

#include <algorithm>
#include <cstring>
#include <optional>

namespace mstr::internal {
namespace {

// A record of a later ABI may be larger; anything beyond this is not a record at all.
constexpr std::size_t kMaxRecordSize = 64 * 1024;
constexpr std::size_t kMaxSchemes = 16;

// The text of a fixed-width field, or nullopt when it is not NUL-terminated within the field or holds
// a control character (it is printed by `mstr plugins` and written to logs).
template <std::size_t N>
std::optional<std::string> field_text(const char (&field)[N]) {
  const std::size_t length = strnlen(field, N);
  if (length == N) return std::nullopt;
  std::string text(field, length);
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte != 0x7f;
  });
  if (!printable) return std::nullopt;
  return text;
}

std::vector<std::string> split_on_spaces(std::string_view text) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) parts.emplace_back(text.substr(0, space));
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
  return parts;
}

}  // namespace

std::variant<PluginRecord, std::string> parse_plugin_record(std::string_view section) {
  constexpr std::size_t header_size = offsetof(PluginMetadata, abi_version) + sizeof(std::uint32_t);
  if (section.size() < header_size ||
      std::memcmp(section.data(), kPluginMetadataMagic, sizeof kPluginMetadataMagic) != 0) {
    return std::string("its metadata record is not one (wrong magic or too short)");
  }
  std::uint32_t record_size = 0;
  std::uint32_t abi_version = 0;
  std::memcpy(&record_size, section.data() + offsetof(PluginMetadata, record_size), sizeof record_size);
  std::memcpy(&abi_version, section.data() + offsetof(PluginMetadata, abi_version), sizeof abi_version);
  if (record_size != section.size()) {
    return "its metadata record says it has " + std::to_string(record_size) + " bytes, its section has " +
           std::to_string(section.size()) + " (one record per plugin)";
  }
  // The ABI version comes first: a record of another ABI may have another layout.
  if (abi_version != MSTR_PLUGIN_ABI_VERSION) {
    return "built for plugin ABI version " + std::to_string(abi_version) + ", this host needs " +
           std::to_string(MSTR_PLUGIN_ABI_VERSION) + " (rebuild the plugin against this SDK)";
  }
  if (section.size() != sizeof(PluginMetadata)) {
    return "its metadata record has " + std::to_string(section.size()) + " bytes, plugin ABI " +
           std::to_string(MSTR_PLUGIN_ABI_VERSION) + " records have " +
           std::to_string(sizeof(PluginMetadata));
  }

  PluginRecord record{};
  std::memcpy(&record.raw, section.data(), sizeof record.raw);
  const PluginMetadata& raw = record.raw;
  const bool is_provider = raw.kind == static_cast<std::uint32_t>(PluginKind::credential_provider);
  const bool is_mode = raw.kind == static_cast<std::uint32_t>(PluginKind::auth_mode);
  if (!is_provider && !is_mode) return "its metadata declares an unknown kind " + std::to_string(raw.kind);
  record.kind = static_cast<PluginKind>(raw.kind);

  auto name = field_text(raw.name);
  auto version = field_text(raw.version);
  auto description = field_text(raw.description);
  auto claims = field_text(raw.claims);
  if (!name || !version || !description || !claims) {
    return std::string("its metadata holds a text that is not terminated within its field or not printable");
  }
  if (name->empty()) return std::string("its metadata has no plugin name");
  record.name = std::move(*name);
  record.version = std::move(*version);
  record.description = std::move(*description);

  if (is_provider) {
    record.schemes = split_on_spaces(*claims);
    if (record.schemes.empty()) return "plugin '" + record.name + "' claims no scheme";
    if (record.schemes.size() > kMaxSchemes)
      return "plugin '" + record.name + "' claims more than 16 schemes";
    for (const auto& scheme : record.schemes) {
      if (!valid_scheme(scheme)) {
        return "plugin '" + record.name + "' claims the invalid scheme '" + scheme +
               "' (expected [a-z][a-z0-9+.-]*)";
      }
      if (std::count(record.schemes.begin(), record.schemes.end(), scheme) > 1) {
        return "plugin '" + record.name + "' claims the scheme '" + scheme + "' twice";
      }
    }
  } else {
    record.mode = std::move(*claims);
    if (!valid_mode_name(record.mode)) {
      return "plugin '" + record.name + "' names its auth mode '" + record.mode +
             "' (expected [a-z][a-z0-9-]*)";
    }
  }
  return record;
}

std::variant<PluginRecord, std::string> read_plugin_record(const std::string& file) {
  const FileBytes bytes(file);
  if (bytes.error()) return "the file " + *bytes.error();
  const ElfSection section = read_elf_section(bytes, MSTR_PLUGIN_METADATA_SECTION, kMaxRecordSize);
  if (section.problem) return "not a loadable plugin: " + *section.problem;
  if (!section.contents) {
    return std::string("it has no plugin metadata (section " MSTR_PLUGIN_METADATA_SECTION
                       "): a plugin built for plugin ABI 1 by an older SDK must be rebuilt against this SDK, "
                       "and a shared object that is not a plugin does not belong in a plugin directory");
  }
  return parse_plugin_record(*section.contents);
}

}  // namespace mstr::internal
