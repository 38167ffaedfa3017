// A compile against the SDK with other standard-library settings than the SDK library's stops with
// one message naming the setting and what to change (<mstr/sdk/toolchain_check.hpp>), instead of a
// link that fails with pages of undefined std::string symbols.
#include <test_support/child_process.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace {

struct Compile {
  int exit_code;
  std::string err;
};

// Compile time alone bounds this, not the verdict: a busy machine only makes it slower.
Compile compile_with(const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"-std=c++20", "-fsyntax-only", "-I" MSTR_SDK_INCLUDE_DIR,
                                   "-I" MSTR_SDK_GENERATED_INCLUDE_DIR};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(MSTR_TOOLCHAIN_CHECK_CONSUMER);
  mstr::test::ChildProcess compiler(MSTR_CXX_COMPILER, args);
  const int code = compiler.wait(std::chrono::minutes(10));
  return {code, compiler.stderr_text()};
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

}  // namespace

TEST_CASE("the SDK headers compile with the SDK's own settings", "[sdk][toolchain]") {
  const auto compiled = compile_with({});
  INFO(compiled.err);
  CHECK(compiled.exit_code == 0);
}

TEST_CASE("the other _GLIBCXX_USE_CXX11_ABI stops the compile with one message saying what to change",
          "[sdk][toolchain]") {
  const auto compiled = compile_with({"-D_GLIBCXX_USE_CXX11_ABI=0"});
  INFO(compiled.err);
  CHECK(compiled.exit_code != 0);
  CHECK(count(compiled.err, "error:") == 1);  // one error; the compiler may quote its source line too
  CHECK(count(compiled.err, "mstr-rest SDK: this compile uses _GLIBCXX_USE_CXX11_ABI=0, the SDK was built with "
                            "_GLIBCXX_USE_CXX11_ABI=1: remove -D_GLIBCXX_USE_CXX11_ABI=0 from the build") >= 1);
}

TEST_CASE("_GLIBCXX_DEBUG against an SDK built without it stops the compile with one message",
          "[sdk][toolchain]") {
  const auto compiled = compile_with({"-D_GLIBCXX_DEBUG"});
  INFO(compiled.err);
  CHECK(compiled.exit_code != 0);
  CHECK(count(compiled.err, "error:") == 1);  // one error; the compiler may quote its source line too
  CHECK(count(compiled.err, "mstr-rest SDK: this compile defines _GLIBCXX_DEBUG, the SDK was built without it: "
                            "remove -D_GLIBCXX_DEBUG from the build") >= 1);
}
