// mstr-report-bench: what reading a report through the SDK costs over a bare POCO download loop.
//
//   mstr-report-bench [--rows N] [--page-size N] [--parallel N] [--latency-ms MS] [--mstrio]
//
// Starts the in-process mock server with a generated report of N rows (default 1,000,000), then:
//   sdk       mstr::Report(...).stream_view() into mstr::CsvWriter over a counting sink (decode + CSV)
//   baseline  one Poco::Net::HTTPClientSession: POST the instance, GET every page, read the bytes,
//             decode nothing
// and prints rows/s and MB/s of each (MB of JSON received), the ratio, and the process's peak RSS
// after the SDK run (run it once per row count to compare: the peak is per process). With
// --latency-ms every page takes that long at the server, and the SDK is timed with 1 and with
// --parallel pages in flight instead.
//
// A filtered read follows: the same report with a view filter keeping 10 of its 100 stores, sent
// to the server with the instance (rows/s of the rows that come back). With --mstrio, the same
// report is read through mstrio-py's Report.to_dataframe() too (python3 with mstrio-py and pandas
// importable: MSTRIO_PY_PATH is put on PYTHONPATH, MSTRIO_PY_PYTHON names the interpreter, default
// /usr/bin/python3), and the SDK's rows/s are compared with it.
#include <mstr/data_writers.hpp>
#include <mstr/mock/mock_server.hpp>
#include <mstr/report.hpp>
#include <mstr/session.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>
#include <iostream>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

const std::string kProject = "B19DEDCC11D4E0EFC000EB9495D0F44F";
const std::string kGeneratedReport = "3C4D5E6F708192A3B4C5D6E7F8091A2B";
const std::string kFields = "-data.metricValues.extras,-data.metricValues.formatted";

struct Settings {
  long rows = 1'000'000;
  long page_size = 5000;
  long parallel = 4;
  long latency_ms = 0;
  bool mstrio = false;
};

long number(const char* text, const char* flag, long min, long max) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < min || value > max) {
    throw std::invalid_argument(std::string(flag) + " takes a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max));
  }
  return value;
}

Settings parse_arguments(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: mstr-report-bench [--rows N] [--page-size N] [--parallel N] [--latency-ms MS] [--mstrio]\n";
      std::exit(0);
    }
    if (arg == "--mstrio") {
      settings.mstrio = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value (try --help)");
    const char* value = argv[++i];
    if (arg == "--rows") {
      settings.rows = number(value, "--rows", 1, 100'000'000);
    } else if (arg == "--page-size") {
      settings.page_size = number(value, "--page-size", 1, 1'000'000);
    } else if (arg == "--parallel") {
      settings.parallel = number(value, "--parallel", 1, 64);
    } else if (arg == "--latency-ms") {
      settings.latency_ms = number(value, "--latency-ms", 0, 10'000);
    } else {
      throw std::invalid_argument("unknown argument '" + arg + "' (try --help)");
    }
  }
  return settings;
}

// Counts what is written and keeps none of it.
class CountingBuffer : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override {
    bytes += static_cast<std::size_t>(count);
    return count;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

// VmHWM: the process's peak resident set, in MiB.
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

mstr::LoginParams analyst() {
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("analyst"));
  params.password = mstr::SecretValue(std::string("analyst-pass"));
  return params;
}

struct Run {
  double seconds = 0;
  std::size_t rows = 0;
  std::size_t bytes = 0;  // CSV written (sdk) or JSON received (baseline)
};

Run run_sdk(const std::string& base_url, const Settings& settings, long parallel, bool filtered = false) {
  mstr::Session session(base_url);
  session.login(analyst());
  CountingBuffer sink;
  std::ostream out(&sink);
  mstr::CsvWriter csv(out);
  mstr::ReadOptions options;
  options.project_id = kProject;
  options.page_size = static_cast<std::size_t>(settings.page_size);
  options.parallel = static_cast<int>(parallel);
  if (filtered) {
    // Stores 0 to 9 of 100: a tenth of the rows, chosen by the server.
    const std::string store = "8D679D4F11D3E4981000E787EC6DE8A4";
    std::vector<std::string> elements;
    for (int i = 0; i < 10; ++i) elements.push_back(store + ":Store " + std::to_string(i));
    options.view_filter = mstr::ViewFilter::in(store, elements).to_json();
  }
  const auto start = Clock::now();
  const auto summary =
      mstr::Report(session, kGeneratedReport).stream_view(options, [&](const mstr::PageView& page) { csv.write(page); });
  Run run{seconds_since(start), summary.rows, sink.bytes};
  session.logout();
  return run;
}

// A hand-written client with POCO alone: the same requests, no decoding.
Run run_baseline(const std::string& base_url, const Settings& settings) {
  const Poco::URI base(base_url);
  Poco::Net::HTTPClientSession http(base.getHost(), base.getPort());
  http.setKeepAlive(true);
  std::string token;
  Poco::Net::NameValueCollection cookies;
  auto send = [&](const std::string& method, const std::string& path, const std::string& body, std::string& answer) {
    Poco::Net::HTTPRequest request(method, base.getPath() + path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!token.empty()) request.set("X-MSTR-AuthToken", token);
    request.set("X-MSTR-ProjectID", kProject);
    if (!cookies.empty()) request.setCookies(cookies);
    if (method == "POST") {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    std::ostream& out = http.sendRequest(request);
    http.socket().setNoDelay(true);
    out << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = http.receiveResponse(response);
    answer.clear();
    Poco::StreamCopier::copyToString(in, answer);
    if (response.getStatus() >= 300) throw std::runtime_error("baseline " + path + ": HTTP " + std::to_string(response.getStatus()));
    if (path == "auth/login") {
      token = response.get("X-MSTR-AuthToken");
      std::vector<Poco::Net::HTTPCookie> set;
      response.getCookies(set);
      for (const auto& cookie : set) cookies.add(cookie.getName(), cookie.getValue());
    }
  };
  std::string answer;
  send("POST", "auth/login", R"({"username":"analyst","password":"analyst-pass","loginMode":1})", answer);
  const auto start = Clock::now();
  Run run;
  const std::string limit = "&limit=" + std::to_string(settings.page_size) + "&fields=" + kFields;
  send("POST", "v2/reports/" + kGeneratedReport + "/instances?offset=0" + limit, "{}", answer);
  run.bytes += answer.size();
  // The instance id sits at a fixed key; finding it is all the "decoding" the loop does.
  const auto at = answer.find("\"instanceId\":\"") + 14;
  const std::string instance = answer.substr(at, 32);
  for (long offset = settings.page_size; offset < settings.rows; offset += settings.page_size) {
    send("GET", "v2/reports/" + kGeneratedReport + "/instances/" + instance + "?offset=" + std::to_string(offset) + limit,
         {}, answer);
    run.bytes += answer.size();
  }
  run.seconds = seconds_since(start);
  run.rows = static_cast<std::size_t>(settings.rows);
  send("POST", "auth/logout", {}, answer);
  return run;
}

// mstrio-py's Report.to_dataframe() over the same report, timed inside Python; nullopt (and why, on
// stderr) when mstrio-py cannot be run.
std::optional<Run> run_mstrio(const std::string& base_url) {
  const char* python = std::getenv("MSTRIO_PY_PYTHON");
  const char* path = std::getenv("MSTRIO_PY_PATH");
  std::string command = std::string(path != nullptr && *path != '\0' ? "PYTHONPATH='" + std::string(path) + "' " : "") +
                        (python != nullptr && *python != '\0' ? python : "/usr/bin/python3") + " '" +
                        MSTR_BENCH_SOURCE_DIR "/mstrio_read.py' '" + base_url + "' " + kGeneratedReport + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  double seconds = 0;
  unsigned long rows = 0;
  const auto at = output.rfind("mstrio-py:");
  if (status != 0 || at == std::string::npos || std::sscanf(output.c_str() + at, "mstrio-py: %lu rows in %lf s", &rows, &seconds) != 2) {
    std::fprintf(stderr, "mstr-report-bench: mstrio-py could not read the report; skipped (set MSTRIO_PY_PATH):\n%s",
                 output.substr(output.size() > 2000 ? output.size() - 2000 : 0).c_str());
    return std::nullopt;
  }
  return Run{seconds, rows, 0};
}

void print(const char* label, const Run& run) {
  std::printf("  %-34s %8.2f s  %10.0f rows/s  %7.1f MB/s\n", label, run.seconds, run.rows / run.seconds,
              run.bytes / run.seconds / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Settings settings = parse_arguments(argc, argv);
    auto options = mstr::mock::MockServerOptions::defaults();
    options.generated_report_rows = static_cast<std::size_t>(settings.rows);
    options.page_latency = std::chrono::milliseconds(settings.latency_ms);
    mstr::mock::MockServer server(options);
    server.start();
    std::printf("mstr-report-bench: %ld rows, pages of %ld, mock server at %s\n", settings.rows, settings.page_size,
                server.base_url().c_str());
    if (settings.latency_ms > 0) {
      const Run serial = run_sdk(server.base_url(), settings, 1);
      const Run parallel = run_sdk(server.base_url(), settings, settings.parallel);
      std::printf("%ld ms per page at the server\n", settings.latency_ms);
      print("sdk, 1 page in flight", serial);
      std::printf("  %-34s %8.2f s  %10.0f rows/s\n", ("sdk, " + std::to_string(settings.parallel) + " pages in flight").c_str(),
                  parallel.seconds, parallel.rows / parallel.seconds);
      std::printf("  speed-up                           %8.2fx   (goal: 3x or better with 4 in flight)\n",
                  serial.seconds / parallel.seconds);
      return 0;
    }
    const Run sdk = run_sdk(server.base_url(), settings, settings.parallel);
    const double rss = peak_rss_mib();
    const Run serial = run_sdk(server.base_url(), settings, 1);
    const Run bare = run_baseline(server.base_url(), settings);
    std::printf("  (MB/s: CSV written for the SDK, JSON received for the bare loop)\n");
    print(("sdk to CSV, " + std::to_string(settings.parallel) + " pages in flight").c_str(), sdk);
    print("sdk to CSV, 1 page in flight", serial);
    print("bare POCO loop, no decoding", bare);
    std::printf("  ratio sdk (%ld in flight) / bare       %6.2f   (goal: 0.7 or better)\n", settings.parallel,
                bare.seconds / sdk.seconds);
    std::printf("  ratio sdk (1 in flight) / bare        %6.2f\n", bare.seconds / serial.seconds);
    std::printf("  peak RSS after the first sdk run   %8.1f MiB (goal: under 32 MiB at 1,000,000 rows)\n", rss);
    server.reset_counters();
    const Run filtered = run_sdk(server.base_url(), settings, settings.parallel, true);
    // The filter travels with the instance POST: only the rows it keeps are paged.
    std::printf("  %-34s %8.2f s  %10.0f rows/s  (%zu of %ld rows, %llu requests with login and logout)\n",
                ("sdk filtered, " + std::to_string(settings.parallel) + " in flight").c_str(), filtered.seconds,
                filtered.rows / filtered.seconds, filtered.rows, settings.rows,
                static_cast<unsigned long long>(server.requests()));
    if (settings.mstrio) {
      if (const auto python = run_mstrio(server.base_url())) {
        std::printf("  %-34s %8.2f s  %10.0f rows/s\n", "mstrio-py to_dataframe()", python->seconds,
                    python->rows / python->seconds);
        // The first SDK run also pays for the first connections; the second does not.
        std::printf("  ratio sdk (%ld in flight) / mstrio-py  %6.1fx faster\n", settings.parallel,
                    python->seconds / sdk.seconds);
        std::printf("  ratio sdk (1 in flight) / mstrio-py   %6.1fx faster\n", python->seconds / serial.seconds);
      }
    }
    server.stop();
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << "mstr-report-bench: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mstr-report-bench: " << e.what() << '\n';
    return 1;
  }
}
