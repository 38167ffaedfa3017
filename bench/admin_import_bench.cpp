// mstr-admin-bench: `mstr users import` of a generated team against the in-process mock server
// with a delay added to every request, with N rows in flight against one at a time.
//
//   mstr-admin-bench [--users N] [--latency-ms MS] [--parallel N]
//
// Writes a CSV of N users (default 10,000; each in a group), starts a fresh mock server for each
// run (so both runs create every user) with MS of latency on every API request (default 10), and
// runs build/bin/mstr users import once with --parallel N (default 4) and once with --parallel 1.
// Each run is its own process, timed around fork/exec/wait4, its peak RSS the child's ru_maxrss.
// It prints both, the ratio, and rows per second.
#include <mstr/mock/mock_server.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  double seconds = 0;
  long peak_rss_kb = 0;
};

std::filesystem::path mstr_binary() {
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) throw std::runtime_error("cannot find this program's own path");
  self[length] = '\0';
  return std::filesystem::path(self).parent_path() / "mstr";
}

Run import_once(const std::filesystem::path& csv, int users, int parallel, std::chrono::milliseconds latency) {
  mstr::mock::MockServer server;
  server.start();
  // The group every row joins exists before the import.
  std::vector<std::string> argv = {mstr_binary().string(), "--base-url", "env:MSTR_BASE_URL", "--username",
                                   "env:MSTR_USERNAME",   "--password", "env:MSTR_PASSWORD", "groups",
                                   "create",              "Bench Team"};
  const auto run = [&](const std::vector<std::string>& arguments) {
    std::vector<char*> args;
    for (const auto& arg : arguments) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const std::string base = "MSTR_BASE_URL=" + server.base_url();
    std::vector<char*> environment;
    for (char** variable = environ; *variable != nullptr; ++variable) environment.push_back(*variable);
    std::string user = "MSTR_USERNAME=administrator", password = "MSTR_PASSWORD=admin-pass";
    environment.push_back(const_cast<char*>(base.c_str()));
    environment.push_back(user.data());
    environment.push_back(password.data());
    environment.push_back(nullptr);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    const auto start = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      ::dup2(null, STDOUT_FILENO);
      ::execve(args[0], args.data(), environment.data());
      ::_exit(127);
    }
    ::close(null);
    int status = 0;
    rusage usage{};
    if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error(arguments[7] + " " + arguments[8] + " failed with status " +
                               std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
    }
    return Run{std::chrono::duration<double>(Clock::now() - start).count(), usage.ru_maxrss};
  };
  run(argv);
  server.set_latency(latency);
  argv.resize(7);
  argv.insert(argv.end(), {"users", "import", csv.string(), "--parallel", std::to_string(parallel)});
  const Run result = run(argv);
  server.stop();
  (void)users;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  int users = 10000, parallel = 4;
  long latency_ms = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--users") users = std::atoi(argv[i + 1]);
    else if (option == "--latency-ms") latency_ms = std::atol(argv[i + 1]);
    else if (option == "--parallel") parallel = std::atoi(argv[i + 1]);
    else {
      std::cerr << "usage: mstr-admin-bench [--users N] [--latency-ms MS] [--parallel N]\n";
      return 2;
    }
  }
  if (users < 1 || parallel < 1 || latency_ms < 0 || argc % 2 == 0) {
    std::cerr << "usage: mstr-admin-bench [--users N] [--latency-ms MS] [--parallel N]\n";
    return 2;
  }
  try {
    const auto csv = std::filesystem::temp_directory_path() / ("mstr-admin-bench-" + std::to_string(::getpid()) + ".csv");
    {
      std::ofstream out(csv);
      out << "username,full_name,description,enabled,groups\n";
      for (int i = 0; i < users; ++i) {
        out << "bench" << i << ",Bench User " << i << ",generated,true,Bench Team\n";
      }
    }
    const std::chrono::milliseconds latency(latency_ms);
    std::cout << users << " users, " << latency_ms << " ms added to every request\n" << std::flush;
    const Run wide = import_once(csv, users, parallel, latency);
    std::cout << "--parallel " << parallel << ": " << wide.seconds << " s, " << users / wide.seconds
              << " rows/s, peak RSS " << wide.peak_rss_kb << " KiB\n" << std::flush;
    const Run narrow = import_once(csv, users, 1, latency);
    std::cout << "--parallel 1: " << narrow.seconds << " s, " << users / narrow.seconds << " rows/s, peak RSS "
              << narrow.peak_rss_kb << " KiB\n";
    std::cout << "ratio (1 / " << parallel << "): " << narrow.seconds / wide.seconds << "\n";
    std::filesystem::remove(csv);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "mstr-admin-bench: " << error.what() << '\n';
    return 1;
  }
}
