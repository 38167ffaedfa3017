// mstr-cold-bench: what a one-shot mstr command costs over the floor of starting the program.
//
//   mstr-cold-bench [--runs N] [--mstr PATH] [--baseline PATH]
//
// Starts the in-process mock Library server on a free loopback port, then N times, alternating:
//   floor     mstr --version
//   projects  mstr --base-url env:MSTR_BASE_URL --username env:U --password env:P projects
//             (start, plugin discovery, login, one GET, logout)
//   python    the same one-shot through mstr-rest-requests (python3, `mstr.requests`), when that
//             package is importable; the column is skipped otherwise
// With --baseline, another build's mstr (the build before a change) runs both commands in the same
// rounds, so that the two builds are compared in the same minutes rather than in two runs.
// Each run is its own process; wall time is measured around fork/exec/wait4 and peak RSS is the
// child's ru_maxrss. It prints the median of each and the ratios against its build's floor: the ratio
// of the medians, and the median of each round's ratio (a round's one-shot over the floor run beside
// it, which leaves out a slow minute that both share).
//
// It also times the three exchanges alone, at the same cadence against the same server: a forked
// child of this program (nothing to load, nothing to discover) sends the same login, GET and logout
// over a plain socket, less a forked child that does nothing. That is the part of the one-shot's
// cost that is the server's and the loopback's, which no client can save.
#include <mstr/mock/mock_server.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// One HTTP/1.1 exchange on `fd`: sends `request`, reads the response head and its Content-Length
// body whole. The head, or empty on any failure.
std::string exchange(int fd, const std::string& request) {
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return {};
    sent += static_cast<std::size_t>(n);
  }
  std::string data;
  char buffer[16384];
  while (true) {
    const auto end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = data.substr(0, end);
      std::string lower = head;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      const auto length_at = lower.find("content-length:");
      const std::size_t length =
          length_at == std::string::npos ? 0 : std::strtoul(head.c_str() + length_at + 15, nullptr, 10);
      if (data.size() >= end + 4 + length) return head;
    }
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

// The value of the first header `name` (given in lower case) in `head`; with `until_semicolon`, only
// up to its first ';' (a cookie's name=value without its attributes).
std::string header_value(const std::string& head, const std::string& name, bool until_semicolon = false) {
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto at = lower.find("\r\n" + name + ":");
  if (at == std::string::npos) return {};
  auto start = at + name.size() + 3;
  while (start < head.size() && head[start] == ' ') ++start;
  auto end = std::min(head.find("\r\n", start), head.size());
  if (until_semicolon) end = std::min(end, head.find(';', start));
  return head.substr(start, end - start);
}

// The one-shot's three exchanges over a plain socket; true when all three got the expected status.
bool bare_exchanges(std::uint16_t port, const std::string& api) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return false;
  }
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  const std::string body = R"({"username":"administrator","password":"admin-pass","loginMode":1})";
  const std::string login = exchange(fd, "POST " + api + "auth/login HTTP/1.1\r\n" + host +
                                             "Content-Type: application/json\r\nAccept: application/json\r\n"
                                             "Content-Length: " +
                                             std::to_string(body.size()) + "\r\n\r\n" + body);
  const std::string token = header_value(login, "x-mstr-authtoken");
  std::string cookies;
  for (std::size_t at = 0; (at = login.find("\r\nSet-Cookie:", at)) != std::string::npos; at += 2) {
    const std::string one_cookie = header_value(login.substr(at), "set-cookie", true);
    cookies += (cookies.empty() ? "" : "; ") + one_cookie;
  }
  const std::string session = "X-MSTR-AuthToken: " + token + "\r\nCookie: " + cookies + "\r\n";
  const std::string projects = exchange(
      fd, "GET " + api + "projects HTTP/1.1\r\n" + host + session + "Accept: application/json\r\n\r\n");
  const std::string logout =
      exchange(fd, "POST " + api + "auth/logout HTTP/1.1\r\n" + host + session + "Content-Length: 0\r\n\r\n");
  ::close(fd);
  return login.rfind("HTTP/1.1 204", 0) == 0 && projects.rfind("HTTP/1.1 200", 0) == 0 &&
         logout.rfind("HTTP/1.1 204", 0) == 0;
}

// Wall time of a forked child of this program that runs `work` and exits with its outcome. The child
// is a copy of this one thread of a threaded program; glibc keeps malloc usable in it.
template <typename Work>
double forked_child_ms(Work work) {
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) ::_exit(work() ? 0 : 1);
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) throw std::runtime_error("waitpid failed");
  const double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("the bare exchanges failed");
  return wall;
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
  std::size_t floor = 0;  // the column of the floor this one is compared with
};

// The two commands of one build of mstr, the floor first; `label` is empty for the build measured.
std::vector<Column> build_columns(const std::string& mstr, const std::string& label, std::size_t first) {
  const std::string prefix = label.empty() ? "" : label + ": ";
  return {
      {prefix + "mstr --version", {mstr, "--version"}, {}, {}, first},
      {prefix + "mstr ... projects",
       {mstr, "--base-url", "env:MSTR_BASE_URL", "--username", "env:U", "--password", "env:P", "projects"},
       {},
       {},
       first},
  };
}

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
  std::string baseline = "";
  for (int i = 1; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 < argc && option == "--runs") {
      runs = std::max(1, std::atoi(argv[i + 1]));
    } else if (i + 1 < argc && option == "--mstr") {
      mstr = argv[i + 1];
    } else if (i + 1 < argc && option == "--baseline") {
      baseline = argv[i + 1];
    } else {
      std::cerr << "usage: mstr-cold-bench [--runs N] [--mstr PATH] [--baseline PATH]\n";
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

  std::vector<Column> columns = build_columns(mstr, "", 0);
  if (!baseline.empty()) {
    for (auto& column : build_columns(baseline, "baseline", columns.size()))
      columns.push_back(std::move(column));
  }
  if (python_package_available()) {
    columns.push_back({"python one-shot",
                       {"python3", "-c",
                        "import os\nfrom mstr.requests import MSTRRESTSession\n"
                        "s = MSTRRESTSession(base_url=os.environ['MSTR_BASE_URL'])\n"
                        "s.login(username=os.environ['U'], password=os.environ['P'])\n"
                        "s.get('projects').raise_for_status()\ns.post('auth/logout')\n"},
                       {},
                       {},
                       0});
  } else {
    std::cout << "(python one-shot skipped: mstr-rest-requests is not importable)\n";
  }

  const std::string api = url.substr(url.find('/', url.find("//") + 2));  // "/MicroStrategyLibrary/api/"
  std::vector<double> bare_child;
  std::vector<double> empty_child;
  try {
    for (int round = 0; round < runs; ++round) {
      // Alternate the order so drift in the machine's load falls on every column alike.
      for (std::size_t k = 0; k < columns.size(); ++k) {
        Column& column = columns[(k + static_cast<std::size_t>(round)) % columns.size()];
        const Sample sample = run_once(column.argv, env);
        column.wall.push_back(sample.wall_ms);
        column.rss.push_back(sample.peak_rss_kb);
      }
      // After a one-shot, as the one-shot's own exchanges come after its start.
      bare_child.push_back(forked_child_ms([&] { return bare_exchanges(server.port(), api); }));
      empty_child.push_back(forked_child_ms([] { return true; }));
    }
  } catch (const std::exception& e) {
    std::cerr << "mstr-cold-bench: " << e.what() << '\n';
    return 1;
  }

  const double floor_wall = median(columns[0].wall);
  std::printf("%d runs each, medians (mock server at %s)\n", runs, url.c_str());
  std::printf("%-30s %8s %10s %12s %12s %14s\n", "", "wall ms", "vs floor", "per round", "peak RSS MB",
              "RSS vs floor");
  for (const auto& column : columns) {
    const Column& floor = columns[column.floor];
    const double wall = median(column.wall);
    const long rss = median(column.rss);
    std::vector<double> round_ratios;
    for (std::size_t r = 0; r < column.wall.size(); ++r)
      round_ratios.push_back(column.wall[r] / floor.wall[r]);
    std::printf("%-30s %8.1f %+9.1f%% %+11.1f%% %12.1f %+11.2f MB\n", column.name.c_str(), wall,
                (wall / median(floor.wall) - 1.0) * 100.0, (median(round_ratios) - 1.0) * 100.0,
                static_cast<double>(rss) / 1024.0, static_cast<double>(rss - median(floor.rss)) / 1024.0);
  }
  const double exchanges = median(bare_child) - median(empty_child);
  const double over_floor = median(columns[1].wall) - floor_wall;
  std::printf(
      "\nthe three exchanges alone (a forked child over a plain socket, less an empty child): %.2f ms\n",
      exchanges);
  std::printf(
      "mstr ... projects over the floor: %.2f ms; without the exchanges: %.2f ms (%+.0f%% of the floor)\n",
      over_floor, over_floor - exchanges, (over_floor - exchanges) / floor_wall * 100.0);
  return 0;
}
