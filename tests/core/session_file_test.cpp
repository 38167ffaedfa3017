// <mstr/session_file.hpp>: written 0600, read back, and refused when someone else could have
// written it.
#include <mstr/sdk/errors.hpp>
#include <mstr/session_file.hpp>

#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

#include <unistd.h>

namespace fs = std::filesystem;
using mstr::test::TempDir;
using mstr::test::write_file;

namespace {

constexpr const char* document = R"({"format": "mstr-authenticated-session", "version": 1})";

}  // namespace

TEST_CASE("a session file is written 0600 and read back, a missing one reads as none", "[session-file]") {
  TempDir dir;
  const std::string path = (dir.path() / "s.json").string();
  CHECK_FALSE(mstr::read_session_file(path).has_value());
  mstr::write_session_file(path, document);
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(mstr::read_session_file(path) == std::string(document));
  mstr::remove_session_file(path);
  CHECK_FALSE(fs::exists(path));
  CHECK_NOTHROW(mstr::remove_session_file(path));
}

TEST_CASE("a session file someone else could have written is refused, naming the file", "[session-file][hardening]") {
  TempDir dir;
  const fs::path file = dir.path() / "s.json";
  SECTION("group-writable") {
    write_file(file, document, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write);
  }
  SECTION("world-writable") {
    write_file(file, document, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_write);
  }
  SECTION("a symbolic link") {
    write_file(dir.path() / "real.json", document);
    fs::create_symlink(dir.path() / "real.json", file);
  }
  SECTION("a directory") { fs::create_directory(file); }
  SECTION("owned by another user") {
    write_file(file, document);
    if (::geteuid() != 0) return;  // only root can give a file away
    REQUIRE(::chown(file.c_str(), 4242, 4242) == 0);
  }
  CHECK_THROWS_WITH(mstr::read_session_file(file.string()), Catch::Contains(file.string()));
  CHECK_THROWS_AS(mstr::check_session_file(file.string()), mstr::ConfigurationError);
}

TEST_CASE("an empty path, a missing directory and a foreign file are refused", "[session-file]") {
  TempDir dir;
  CHECK_THROWS_AS(mstr::check_session_file(""), mstr::ConfigurationError);
  CHECK_THROWS_WITH(mstr::check_session_file((dir.path() / "no" / "s.json").string()), Catch::Contains("does not exist"));
  write_file(dir.path() / "other.json", R"({"format": "something else"})");
  CHECK_THROWS_WITH(mstr::read_session_file((dir.path() / "other.json").string()), Catch::Contains("not a session file"));
  CHECK_NOTHROW(mstr::check_session_file((dir.path() / "new.json").string()));
}
