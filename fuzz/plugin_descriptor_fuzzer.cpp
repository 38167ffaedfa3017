// The host checks a plugin's descriptor before it trusts anything else in it, so the check must hold
// for any field values at all: any ABI version and kind, any name, any combination of factories, and
// any scheme or mode name the plugin then claims.

#include "fuzz_input.hpp"
#include "plugins/descriptor_check.hpp"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr;
  std::string_view text = fuzz::as_text(data, size);
  const std::uint32_t abi_version = take_u32(text);
  const std::uint32_t kind = take_u32(text);
  const std::uint32_t flags = take_u32(text);
  const std::string name(fuzz::take_line(text));
  const std::string claim(fuzz::take_line(text));

  const PluginDescriptor descriptor{abi_version,
                                    static_cast<PluginKind>(kind),
                                    (flags & 1) != 0 ? nullptr : name.c_str(),
                                    "1.0.0",
                                    "fuzzed",
                                    (flags & 2) != 0 ? &provider_factory : nullptr,
                                    (flags & 4) != 0 ? &mode_factory : nullptr};
  const std::optional<std::string> problem = internal::descriptor_problem(&descriptor);
  if (!problem) {
    fuzz::require(abi_version == MSTR_PLUGIN_ABI_VERSION, "only the host's ABI version passes");
    fuzz::require(((flags & 2) != 0) != ((flags & 4) != 0), "exactly one factory passes");
    fuzz::require(descriptor.name != nullptr && !name.empty(), "a named plugin passes");
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
