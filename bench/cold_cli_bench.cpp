// mstr-cold-bench: what a one-shot mstr command costs over the floor of starting the program.
//
//   mstr-cold-bench [--runs N] [--mstr PATH]
//
// Starts the in-process mock Library server on a free loopback port, then N times, alternating:
//   floor     mstr --version
//   projects  mstr --base-url env:MSTR_BASE_URL --username env:U --password env:P projects
//             (start, plugin discovery, login, one GET, logout)
//   python    the same one-shot through mstr-rest-requests (python3, `mstr.requests`), when that
//             package is importable; the column is skipped otherwise
// Each run is its own process; wall time is measured around fork/exec/wait4 and peak RSS is the
// child's ru_maxrss. It prints the median of each and the ratios against the floor.
#include <mstr/mock/mock_server.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
  double wall_ms;
  long peak_rss_kb;
};

// Runs `argv` with `env` added, output discarded; throws when it does not exit 0.
Sample run_once(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  // Everything the child needs is built before fork: the mock server's threads keep running here.
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) environment.push_back(*variable);
  for (const auto& assignment : env) environment.push_back(const_cast<char*>(assignment.c_str()));
  environment.push_back(nullptr);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  // stderr goes to a file, shown when the run fails.
  char error_file[] = "/tmp/mstr-cold-bench-XXXXXX";
  const int errors = ::mkstemp(error_file);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(errors, STDERR_FILENO);
    ::execvpe(args[0], args.data(), environment.data());
    ::_exit(127);
  }
  ::close(null);
  ::close(errors);
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  const double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::string error_text;
  if (FILE* file = std::fopen(error_file, "r")) {
    char buffer[512];
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file);
    error_text.assign(buffer, got);
    std::fclose(file);
  }
  ::unlink(error_file);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + std::string(" ") + argv[1] + " did not exit 0: " + error_text);
  }
  return {wall, usage.ru_maxrss};
}

template <typename T>
T median(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Column {
  std::string name;
  std::vector<std::string> argv;
  std::vector<double> wall;
  std::vector<long> rss;
};

bool python_package_available() {
  try {
    run_once({"python3", "-c", "import mstr.requests"}, {});
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::string mstr = "";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
    else if (option == "--mstr")
      mstr = argv[i + 1];
    else {
      std::cerr << "usage: mstr-cold-bench [--runs N] [--mstr PATH]\n";
      return 2;
    }
  }
  if (mstr.empty()) {
    // Beside this program in build/bin.
    char self[4096] = {};
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string here =
        length > 0 ? std::string(self, static_cast<std::size_t>(length)) : std::string("./x");
    mstr = here.substr(0, here.rfind('/')) + "/mstr";
  }

  mstr::mock::MockServer server;
  server.start();
  const std::string url = server.base_url();
  const std::vector<std::string> env = {"U=administrator", "P=admin-pass", "MSTR_BASE_URL=" + url};

  std::vector<Column> columns = {
      {"mstr --version", {mstr, "--version"}, {}, {}},
      {"mstr ... projects",
       {mstr, "--base-url", "env:MSTR_BASE_URL", "--username", "env:U", "--password", "env:P", "projects"},
       {},
       {}},
  };
  if (python_package_available()) {
    columns.push_back({"python one-shot",
                       {"python3", "-c",
                        "import os\nfrom mstr.requests import MSTRRESTSession\n"
                        "s = MSTRRESTSession(base_url=os.environ['MSTR_BASE_URL'])\n"
                        "s.login(username=os.environ['U'], password=os.environ['P'])\n"
                        "s.get('projects').raise_for_status()\ns.post('auth/logout')\n"},
                       {},
                       {}});
  } else {
    std::cout << "(python one-shot skipped: mstr-rest-requests is not importable)\n";
  }

  try {
    for (int round = 0; round < runs; ++round) {
      // Alternate the order so drift in the machine's load falls on every column alike.
      for (std::size_t k = 0; k < columns.size(); ++k) {
        Column& column = columns[(k + static_cast<std::size_t>(round)) % columns.size()];
        const Sample sample = run_once(column.argv, env);
        column.wall.push_back(sample.wall_ms);
        column.rss.push_back(sample.peak_rss_kb);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "mstr-cold-bench: " << e.what() << '\n';
    return 1;
  }

  const double floor_wall = median(columns[0].wall);
  const long floor_rss = median(columns[0].rss);
  std::printf("%d runs each, medians (mock server at %s)\n", runs, url.c_str());
  std::printf("%-20s %10s %12s %12s %14s\n", "", "wall ms", "vs floor", "peak RSS MB", "RSS vs floor");
  for (const auto& column : columns) {
    const double wall = median(column.wall);
    const long rss = median(column.rss);
    std::printf("%-20s %10.1f %+11.0f%% %12.1f %+11.2f MB\n", column.name.c_str(), wall,
                (wall / floor_wall - 1.0) * 100.0, static_cast<double>(rss) / 1024.0,
                static_cast<double>(rss - floor_rss) / 1024.0);
  }
  return 0;
}
