// The metadata record read from a plugin's file without loading it, the ELF reader under it and the
// build-key fence: tampered inputs are refused with a reason, never read out of bounds.

#include "plugins/build_key_check.hpp"
#include "plugins/elf_section.hpp"
#include "plugins/plugin_metadata_record.hpp"

#include <mstr/sdk/plugin.hpp>

#include <catch2/catch.hpp>

#include <elf.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace mstr::internal;

namespace {

const fs::path kPlugin = fs::path(MSTR_TEST_PLUGIN_ROOT) / "good-provider" / "counting-provider.so";

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string record_bytes(const mstr::PluginMetadata& record) {
  return std::string(reinterpret_cast<const char*>(&record), sizeof record);
}

std::string refusal(const std::variant<PluginRecord, std::string>& result) {
  const auto* reason = std::get_if<std::string>(&result);
  return reason == nullptr ? std::string{} : *reason;
}

constexpr mstr::PluginMetadata kGood =
    mstr::make_plugin_metadata(MSTR_PLUGIN_ABI_VERSION, mstr::PluginKind::credential_provider, "vault",
                               "1.2.3", "a vault", "vault vault-kv", 0);

}  // namespace

TEST_CASE("a plugin's record is read from its file", "[registry][metadata]") {
  const auto result = read_plugin_record(kPlugin);
  REQUIRE(refusal(result).empty());
  const auto& record = std::get<PluginRecord>(result);
  CHECK(record.name == "counting");
  CHECK(record.kind == mstr::PluginKind::credential_provider);
  CHECK(record.schemes == std::vector<std::string>{"count"});
  CHECK_FALSE(build_key_mismatch(record.raw.build_key, host_build_key()));
}

namespace {

// The names a shared object exports: defined global, weak and unique symbols of its .dynsym.
std::vector<std::string> exported_symbols(const fs::path& file) {
  const FileBytes bytes(file);
  REQUIRE_FALSE(bytes.error());
  const auto symbols = read_elf_section(bytes, ".dynsym", 1 << 20);
  const auto names = read_elf_section(bytes, ".dynstr", 1 << 20);
  REQUIRE(symbols.contents);
  REQUIRE(names.contents);
  std::vector<std::string> exported;
  for (std::size_t offset = 0; offset + sizeof(Elf64_Sym) <= symbols.contents->size();
       offset += sizeof(Elf64_Sym)) {
    Elf64_Sym symbol{};
    std::memcpy(&symbol, symbols.contents->data() + offset, sizeof symbol);
    const auto binding = ELF64_ST_BIND(symbol.st_info);
    if (symbol.st_shndx == SHN_UNDEF ||
        (binding != STB_GLOBAL && binding != STB_WEAK && binding != STB_GNU_UNIQUE))
      continue;
    REQUIRE(symbol.st_name < names.contents->size());
    exported.emplace_back(names.contents->c_str() + symbol.st_name);
  }
  return exported;
}

}  // namespace

TEST_CASE("a plugin made with the SDK's macros exports its entry point and nothing else",
          "[registry][metadata]") {
  // Everything else a plugin defines is hidden, so loading it binds only what it imports: no
  // Boost.System categories or template instances for the loader to look up in every library.
  for (const char* name : {"mstr-provider-env.so", "mstr-auth-standard.so", "mstr-provider-aws.so",
                           "mstr-provider-gcp.so", "mstr-provider-azure.so"}) {
    INFO(name);
    CHECK(exported_symbols(fs::path(MSTR_BUILD_PLUGIN_DIR) / name) ==
          std::vector<std::string>{"mstr_plugin_entry"});
  }
  CHECK(exported_symbols(kPlugin) == std::vector<std::string>{"mstr_plugin_entry"});
}

TEST_CASE("a record's fields are checked", "[registry][metadata]") {
  const auto good = parse_plugin_record(record_bytes(kGood));
  REQUIRE(refusal(good).empty());
  CHECK(std::get<PluginRecord>(good).schemes == std::vector<std::string>{"vault", "vault-kv"});

  auto record = kGood;
  SECTION("wrong magic") {
    record.magic[0] = 'X';
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("wrong magic"));
  }
  SECTION("a size that disagrees with the section") {
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record) + "x")),
               Catch::Contains("one record per plugin"));
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record).substr(0, 10))),
               Catch::Contains("too short"));
  }
  SECTION("another ABI version") {
    record.abi_version = 7;
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))),
               Catch::Contains("built for plugin ABI version 7"));
  }
  SECTION("an unknown kind") {
    record.kind = 9;
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("unknown kind 9"));
  }
  SECTION("a text that fills its field without a terminator") {
    std::memset(record.name, 'a', sizeof record.name);
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("not terminated"));
  }
  SECTION("a control character in a text") {
    record.description[0] = '\033';
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("not printable"));
  }
  SECTION("an invalid or repeated scheme") {
    std::strcpy(record.claims, "Bad:scheme");
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("invalid scheme"));
    std::strcpy(record.claims, "twice twice");
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("'twice' twice"));
    std::strcpy(record.claims, "   ");
    CHECK_THAT(refusal(parse_plugin_record(record_bytes(record))), Catch::Contains("claims no scheme"));
  }
}

TEST_CASE("a tampered ELF file is refused without reading out of bounds", "[registry][metadata]") {
  const std::string original = file_bytes(kPlugin);
  REQUIRE(original.size() > sizeof(Elf64_Ehdr));
  Elf64_Ehdr header{};
  std::memcpy(&header, original.data(), sizeof header);
  auto with_header = [&](auto change) {
    Elf64_Ehdr changed = header;
    change(changed);
    std::string bytes = original;
    std::memcpy(bytes.data(), &changed, sizeof changed);
    return read_elf_section(MemoryBytes(bytes), MSTR_PLUGIN_METADATA_SECTION, 1 << 16);
  };

  const auto intact = read_elf_section(MemoryBytes(original), MSTR_PLUGIN_METADATA_SECTION, 1 << 16);
  REQUIRE_FALSE(intact.problem);
  REQUIRE(intact.contents);
  CHECK(intact.contents->size() == sizeof(mstr::PluginMetadata));

  CHECK(with_header([](Elf64_Ehdr& h) { h.e_shoff = ~0ull - 10; }).problem ==
        "a shared object whose section table lies outside the file");
  CHECK(with_header([](Elf64_Ehdr& h) { h.e_shnum = 60000; }).problem ==
        "a shared object whose section table is malformed");
  CHECK(with_header([](Elf64_Ehdr& h) { h.e_shstrndx = h.e_shnum; }).problem ==
        "a shared object whose section table is malformed");
  CHECK(with_header([](Elf64_Ehdr& h) { h.e_type = ET_EXEC; }).problem->find("not a shared object") !=
        std::string::npos);
  CHECK(with_header([](Elf64_Ehdr& h) { h.e_machine = EM_S390; }).problem->find("another machine") !=
        std::string::npos);
  CHECK(read_elf_section(MemoryBytes(original.substr(0, 40)), "x", 10).problem == "not an ELF file");

  // A section far larger than a record is refused before it is read.
  CHECK(
      read_elf_section(MemoryBytes(original), MSTR_PLUGIN_METADATA_SECTION, 16).problem->find("malformed") !=
      std::string::npos);
  // Every truncation of the file gives an answer, never a crash.
  for (std::size_t size = 0; size < original.size(); size += original.size() / 97 + 1) {
    const auto result = read_elf_section(MemoryBytes(std::string_view(original).substr(0, size)),
                                         MSTR_PLUGIN_METADATA_SECTION, 1 << 16);
    CHECK((result.problem.has_value() || result.contents.has_value()));
  }
}

TEST_CASE("the build key fence names the item that differs and both values", "[registry][build-key]") {
  const mstr::PluginBuildKey host = host_build_key();
  CHECK_FALSE(build_key_mismatch(host, host));
  auto plugin = host;

  SECTION("the dual ABI") {
    plugin.cxx11_abi = host.cxx11_abi == 0 ? 1 : 0;
    CHECK_THAT(
        *build_key_mismatch(plugin, host),
        Catch::StartsWith("built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(plugin.cxx11_abi) +
                          ", this host uses _GLIBCXX_USE_CXX11_ABI=" + std::to_string(host.cxx11_abi)));
  }
  SECTION("debug mode and assertions") {
    plugin.glibcxx_debug = host.glibcxx_debug == 0 ? 1 : 0;
    CHECK_THAT(*build_key_mismatch(plugin, host), Catch::Contains("_GLIBCXX_DEBUG="));
    plugin = host;
    plugin.glibcxx_assertions = host.glibcxx_assertions == 0 ? 1 : 0;
    CHECK_THAT(*build_key_mismatch(plugin, host), Catch::Contains("_GLIBCXX_ASSERTIONS="));
  }
  SECTION("the standard library") {
    plugin.standard_library = static_cast<std::uint32_t>(mstr::StandardLibrary::libcxx);
    CHECK_THAT(*build_key_mismatch(plugin, host), Catch::Contains("built with libc++"));
  }
  SECTION("the compiler's major version, but not its minor") {
    plugin.compiler_minor += 3;
    CHECK_FALSE(build_key_mismatch(plugin, host));
    plugin.compiler_major += 1;
    CHECK_THAT(*build_key_mismatch(plugin, host), Catch::Contains(std::to_string(plugin.compiler_major)));
  }
  SECTION("the SDK: same major, a minor no newer than the host's, any patch") {
    plugin.sdk_patch += 5;
    CHECK_FALSE(build_key_mismatch(plugin, host));
    plugin.sdk_minor = host.sdk_minor + 1;
    const auto version = [](const mstr::PluginBuildKey& key) {
      return std::to_string(key.sdk_major) + "." + std::to_string(key.sdk_minor) + "." + std::to_string(key.sdk_patch);
    };
    CHECK_THAT(*build_key_mismatch(plugin, host),
               Catch::StartsWith("built against SDK " + version(plugin) + ", this host is SDK " + version(host) +
                                 " (a plugin needs the host's major version and a minor version no newer than"));
    plugin.sdk_minor = host.sdk_minor;
    plugin.sdk_major = host.sdk_major + 1;
    CHECK_THAT(*build_key_mismatch(plugin, host), Catch::Contains("major version"));
  }
}
