// Replays a fuzz target's seed corpus and every input that once broke it (fuzz/regressions/) through
// the target's own entry point, built as ordinary test code: the normal and sanitizer suites keep
// each fixed crash fixed without clang or libFuzzer. A broken invariant aborts, failing the test.

#include "test_support/paths.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Defined only by the targets that need one-time set-up.
extern "C" [[gnu::weak]] int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::string& target) {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"corpus", "regressions"}) {
    const std::filesystem::path dir = mstr::test::source_dir() / "fuzz" / folder / target;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  return files;
}

}  // namespace

TEST_CASE("every seed and regression input of " MSTR_FUZZ_TARGET " is handled", "[fuzz]") {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
  const std::vector<std::filesystem::path> files = inputs_of(MSTR_FUZZ_TARGET);
  REQUIRE(!files.empty());
  for (const auto& file : files) {
    INFO(file.string());
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
}
