// The host checks a plugin before it trusts anything in it, so the checks must hold for any input:
// - the metadata reader, for any file (an ELF image whose section table, names and sizes lie) and
//   any bytes in the metadata section: it answers with a record or a reason, never reads out of
//   bounds, and a record it accepts has texts and claims that pass the claim checks;
// - the descriptor check, for any ABI version, kind and combination of factories;
// - the claim checks, for any scheme or mode name.

#include "fuzz_input.hpp"
#include "plugins/descriptor_check.hpp"
#include "plugins/elf_section.hpp"
#include "plugins/plugin_metadata_record.hpp"

#include <cstring>
#include <string>

namespace {

// Never called: the check must only look at whether a factory is set.
mstr::ICredentialProvider* provider_factory() { std::abort(); }
mstr::IAuthMode* mode_factory() { std::abort(); }

std::uint32_t take_u32(std::string_view& text) {
  std::uint32_t value = 0;
  const std::size_t n = std::min(text.size(), sizeof value);
  std::memcpy(&value, text.data(), n);
  text.remove_prefix(n);
  return value;
}

constexpr mstr::PluginMetadata kRecord = mstr::make_plugin_metadata(
    MSTR_PLUGIN_ABI_VERSION, mstr::PluginKind::credential_provider, "fuzzed", "1.0.0", "fuzzed", "fuzz", 0);

void check_record(const std::variant<mstr::internal::PluginRecord, std::string>& result) {
  using mstr::internal::PluginRecord;
  if (const auto* record = std::get_if<PluginRecord>(&result)) {
    mstr::fuzz::require(!record->name.empty(), "an accepted record has a name");
    for (const auto& scheme : record->schemes)
      mstr::fuzz::require(mstr::internal::valid_scheme(scheme), "valid schemes");
    if (record->kind == mstr::PluginKind::auth_mode) {
      mstr::fuzz::require(mstr::internal::valid_mode_name(record->mode), "a valid mode name");
    }
  } else {
    mstr::fuzz::require(!std::get<std::string>(result).empty(), "a refusal says why");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr;
  const std::string_view whole = fuzz::as_text(data, size);

  // The whole input as a plugin file, and as the bytes of its metadata section.
  const internal::ElfSection section =
      internal::read_elf_section(internal::MemoryBytes(whole), MSTR_PLUGIN_METADATA_SECTION, 64 * 1024);
  fuzz::require(!(section.problem && section.contents), "a problem or contents, not both");
  if (section.contents) {
    fuzz::require(section.contents->size() <= whole.size(), "a section lies within its file");
    check_record(internal::parse_plugin_record(*section.contents));
  }
  check_record(internal::parse_plugin_record(whole));
  // A valid record with the input written over its texts and claims.
  std::string record(reinterpret_cast<const char*>(&kRecord), sizeof kRecord);
  const std::size_t texts = offsetof(PluginMetadata, name);
  std::memcpy(record.data() + texts, whole.data(), std::min(whole.size(), record.size() - texts));
  check_record(internal::parse_plugin_record(record));

  std::string_view text = whole;
  const std::uint32_t abi_version = take_u32(text);
  const std::uint32_t kind = take_u32(text);
  const std::uint32_t flags = take_u32(text);
  const std::string claim(fuzz::take_line(text));

  const PluginDescriptor descriptor{
      abi_version, static_cast<PluginKind>(kind), (flags & 1) != 0 ? nullptr : &kRecord,
      (flags & 2) != 0 ? &provider_factory : nullptr, (flags & 4) != 0 ? &mode_factory : nullptr};
  const std::optional<std::string> problem = internal::descriptor_problem(&descriptor);
  if (!problem) {
    fuzz::require(abi_version == MSTR_PLUGIN_ABI_VERSION, "only the host's ABI version passes");
    fuzz::require(((flags & 2) != 0) != ((flags & 4) != 0), "exactly one factory passes");
    fuzz::require(descriptor.metadata != nullptr, "a descriptor with a record passes");
  } else {
    fuzz::require(!problem->empty(), "a refusal says why");
  }

  if (internal::valid_scheme(claim)) {
    fuzz::require(CredentialReference::parse(claim + ":x").scheme() == claim,
                  "a valid scheme makes references of that scheme");
  }
  if (internal::valid_mode_name(claim)) {
    fuzz::require(claim.find_first_of(" \t\r\n\"'") == std::string::npos, "a mode name needs no quoting");
  }
  return 0;
}
