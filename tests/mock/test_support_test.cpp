// The shared test helpers: they must work, or every test using them proves nothing.

#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "test_support/child_process.hpp"
#include "test_support/paths.hpp"
#include "test_support/scoped_env.hpp"
#include "test_support/temp_dir.hpp"
#include "test_support/test_certificates.hpp"

using namespace mstr::test;
using namespace std::chrono_literals;

TEST_CASE("paths come from the variables ctest sets", "[support]") {
  CHECK(std::filesystem::exists(source_dir() / "CMakeLists.txt"));
  CHECK(std::filesystem::exists(build_dir() / "CMakeCache.txt"));
  CHECK(plugin_dir() == build_dir() / "plugins");
  // Without the variable the configured tree applies; with it, the variable wins.
  ScopedEnv env;
  env.unset("MSTR_SHARED_DIR");
  CHECK(shared_dir() == std::filesystem::path(MSTR_TEST_SHARED_DIR));
  env.set("MSTR_SHARED_DIR", "/elsewhere/shared");
  CHECK(shared_dir() == std::filesystem::path("/elsewhere/shared"));
}

TEST_CASE("TempDir is private and removed with its contents", "[support]") {
  std::filesystem::path kept;
  {
    TempDir dir;
    kept = dir.path();
    struct stat info {};
    REQUIRE(::stat(dir.path().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    std::filesystem::create_directories(dir.path() / "a" / "b");
    write_file(dir.path() / "a" / "b" / "secret.txt", "x");
    std::filesystem::permissions(dir.path() / "a", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  }
  CHECK_FALSE(std::filesystem::exists(kept));
}

TEST_CASE("write_file sets exactly the permissions asked for", "[support]") {
  TempDir dir;
  write_file(dir.path() / "default", "one");
  CHECK(std::filesystem::status(dir.path() / "default").permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  write_file(dir.path() / "shared", "two", std::filesystem::perms::owner_all | std::filesystem::perms::group_read);
  CHECK(std::filesystem::status(dir.path() / "shared").permissions() ==
        (std::filesystem::perms::owner_all | std::filesystem::perms::group_read));
  CHECK(read_file(dir.path() / "shared") == "two");
}

TEST_CASE("ScopedEnv restores set and unset variables", "[support]") {
  ::setenv("MSTR_SUPPORT_TEST_A", "original", 1);
  ::unsetenv("MSTR_SUPPORT_TEST_B");
  {
    ScopedEnv env{{"MSTR_SUPPORT_TEST_A", "changed"}};
    env.set("MSTR_SUPPORT_TEST_B", "new");
    env.set("MSTR_SUPPORT_TEST_A", "changed again");
    CHECK(std::string(std::getenv("MSTR_SUPPORT_TEST_A")) == "changed again");
    CHECK(std::string(std::getenv("MSTR_SUPPORT_TEST_B")) == "new");
  }
  CHECK(std::string(std::getenv("MSTR_SUPPORT_TEST_A")) == "original");
  CHECK(std::getenv("MSTR_SUPPORT_TEST_B") == nullptr);
  ::unsetenv("MSTR_SUPPORT_TEST_A");
}

TEST_CASE("ChildProcess captures output, environment, stdin and the exit code", "[support]") {
  TempDir dir;
  ChildProcess child("sh", {"-c", "cat; echo \"$GREETING\" from \"$(pwd)\"; echo oops >&2; exit 3"},
                     {.env = {{"GREETING", "hello"}}, .unset_env = {}, .work_dir = dir.path(), .stdin_text = "in\n"});
  CHECK(child.wait(5s) == 3);
  CHECK(child.stdout_text() == "in\nhello from " + dir.path().string() + "\n");
  CHECK(child.stderr_text() == "oops\n");
}

TEST_CASE("ChildProcess never deadlocks on a child that prints a lot", "[support]") {
  ChildProcess child("sh", {"-c", "head -c 3000000 /dev/zero | tr '\\\\0' a; head -c 1000000 /dev/zero >&2"});
  CHECK(child.wait(20s) == 0);
  CHECK(child.stdout_text().size() == 3000000);
  CHECK(child.stderr_text().size() == 1000000);
}

TEST_CASE("ChildProcess waits for a first line, and reports exits and timeouts", "[support]") {
  ChildProcess server("sh", {"-c", "echo starting >&2; sleep 0.1; echo http://example/; sleep 30"});
  CHECK(server.wait_for_first_line(5s) == "http://example/");

  ChildProcess quitter("sh", {"-c", "echo broken config >&2; exit 1"});
  CHECK_THROWS_WITH(quitter.wait_for_first_line(5s), Catch::Contains("broken config"));

  ChildProcess silent("sh", {"-c", "echo still thinking >&2; sleep 30"});
  auto start = std::chrono::steady_clock::now();
  // Time for the shell to start and say it is thinking on a loaded machine; it then sleeps 30 s.
  CHECK_THROWS_WITH(silent.wait_for_first_line(3s), Catch::Contains("still thinking"));
  CHECK_THROWS_WITH(silent.wait(300ms), Catch::Contains("killed"));
  CHECK(std::chrono::steady_clock::now() - start < 20s);  // not the 30 s sleep
}

TEST_CASE("ChildProcess cleans up a running child and reports a missing program", "[support]") {
  pid_t pid = 0;
  {
    ChildProcess sleeper("sleep", {"30"});
    pid = sleeper.pid();
    REQUIRE(::kill(pid, 0) == 0);
  }
  CHECK(::kill(pid, 0) != 0);  // reaped, not a zombie
  CHECK_THROWS_WITH(ChildProcess("/nonexistent/program", {}), Catch::Contains("/nonexistent/program"));
  ChildProcess no_reader("true", {}, {.env = {}, .unset_env = {}, .work_dir = {}, .stdin_text = std::string(1 << 20, 'x')});
  CHECK(no_reader.wait(5s) == 0);
}

TEST_CASE("TestCertificates makes a CA-signed server certificate for 127.0.0.1 and an unrelated CA", "[support]") {
  const TestCertificates& certificates = TestCertificates::get();
  CHECK(&certificates == &TestCertificates::get());
  ChildProcess verify("openssl", {"verify", "-CAfile", certificates.ca_cert.string(), "-verify_ip", "127.0.0.1",
                                  certificates.server_cert.string()});
  CHECK(verify.wait(10s) == 0);
  ChildProcess wrong("openssl", {"verify", "-CAfile", certificates.other_ca_cert.string(),
                                 certificates.server_cert.string()});
  CHECK(wrong.wait(10s) != 0);
  CHECK(std::filesystem::exists(certificates.server_key));
}
