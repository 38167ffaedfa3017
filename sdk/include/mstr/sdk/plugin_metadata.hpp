#pragma once
// A plugin's metadata record: fixed-width plain data that the entry-point macros place in the ELF
// section named by MSTR_PLUGIN_METADATA_SECTION. The host reads it from the file without loading
// the shared object (as Qt reads .qtmetadata), so discovery and `mstr plugins` run no plugin code,
// and it compares it with the descriptor the loaded plugin returns.
//
// Every text field is NUL-terminated and NUL-padded; nothing in the record is a pointer, so the
// host can bound every read by the record's fixed size.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/plugin_build_key.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#define MSTR_PLUGIN_METADATA_SECTION "mstr_plugin_meta"

namespace mstr {

enum class PluginKind : std::uint32_t {
  credential_provider = 1,
  auth_mode = 2,
};

inline constexpr char kPluginMetadataMagic[8] = {'M', 'S', 'T', 'R', 'P', 'L', 'G', '2'};

struct PluginMetadata {
  char magic[8];              // kPluginMetadataMagic
  std::uint32_t record_size;  // sizeof(PluginMetadata) at the plugin's build
  std::uint32_t abi_version;  // MSTR_PLUGIN_ABI_VERSION at the plugin's build
  std::uint32_t kind;         // PluginKind
  std::int32_t login_mode;    // auth modes: the Library server's loginMode; providers: 0
  PluginBuildKey build_key;
  char name[64];          // e.g. "aws", "standard"
  char version[32];       // the plugin's own version, e.g. "1.0.0"
  char claims[128];       // providers: the schemes, separated by spaces; auth modes: the mode name
  char description[256];  // one line for `mstr plugins`
};

namespace plugin_detail {

// Not constexpr and never defined: a text too long for its field makes the metadata a compile error
// that names the problem instead of a truncated claim.
void plugin_metadata_text_does_not_fit_its_field();

template <std::size_t N>
constexpr void copy_text(char (&field)[N], std::string_view text) {
  if (text.size() >= N) plugin_metadata_text_does_not_fit_its_field();
  for (std::size_t i = 0; i < text.size(); ++i) field[i] = text[i];
}

}  // namespace plugin_detail

constexpr PluginMetadata make_plugin_metadata(std::uint32_t abi_version, PluginKind kind,
                                              std::string_view name, std::string_view version,
                                              std::string_view description, std::string_view claims,
                                              int login_mode) {
  PluginMetadata metadata{};
  for (std::size_t i = 0; i < sizeof metadata.magic; ++i) metadata.magic[i] = kPluginMetadataMagic[i];
  metadata.record_size = sizeof(PluginMetadata);
  metadata.abi_version = abi_version;
  metadata.kind = static_cast<std::uint32_t>(kind);
  metadata.login_mode = login_mode;
  metadata.build_key = current_plugin_build_key();
  plugin_detail::copy_text(metadata.name, name);
  plugin_detail::copy_text(metadata.version, version);
  plugin_detail::copy_text(metadata.claims, claims);
  plugin_detail::copy_text(metadata.description, description);
  return metadata;
}

}  // namespace mstr
