#include "test_support/forward_proxy.hpp"

#include "test_support/paths.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <fstream>

namespace mstr::test {

ForwardProxy::ForwardProxy(std::optional<std::string> credentials) {
  const auto script = source_dir() / "tests" / "support" / "forward_proxy.py";
  std::vector<std::string> args{script.string(), "--log", (dir_.path() / "requests.jsonl").string(), "--max-seconds",
                                "120"};
  if (credentials) {
    args.emplace_back("--auth");
    args.push_back(*credentials);
  }
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  process_ = std::make_unique<ChildProcess>(python, args);
  url_ = process_->wait_for_first_line(std::chrono::seconds(20));
}

ForwardProxy::~ForwardProxy() = default;

std::uint16_t ForwardProxy::port() const {
  return static_cast<std::uint16_t>(std::stoi(url_.substr(url_.rfind(':') + 1)));
}

std::vector<ProxiedRequest> ForwardProxy::requests() const {
  std::vector<ProxiedRequest> requests;
  std::ifstream log(dir_.path() / "requests.jsonl");
  std::string line;
  while (std::getline(log, line)) {
    if (line.empty()) continue;
    const auto entry = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
    requests.push_back({entry->getValue<std::string>("method"), entry->getValue<std::string>("target"),
                        entry->getValue<bool>("proxy_auth_sent"), entry->getValue<bool>("proxy_auth_ok")});
  }
  return requests;
}

}  // namespace mstr::test
