#include "fake_gcp_fixture.hpp"

#include <mstr/http.hpp>

#include <Poco/JSON/Parser.h>

#include <test_support/paths.hpp>

#include <stdexcept>

namespace mstr::test {
namespace {

// Debian's interpreter, which has python3-jwt and python3-cryptography, even when another python3
// comes first on PATH.
std::string python3() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

}  // namespace

FakeGcp::FakeGcp(const std::string& config_json) : http_(make_http_client()) {
  std::filesystem::create_directory(dir_.path() / "credentials");
  std::filesystem::create_directory(scratch());
  write_file(dir_.path() / "config.json", config_json);
  process_ = std::make_unique<ChildProcess>(
      python3(),
      std::vector<std::string>{(source_dir() / "tests/plugins/gcp/fake_gcp.py").string(),
                               (dir_.path() / "config.json").string(), (dir_.path() / "credentials").string(),
                               (build_dir() / "tests/gcp-fake-keys").string()});
  url_ = process_->wait_for_first_line(std::chrono::seconds{20});
}

std::string FakeGcp::external_account(const std::string& credential_source, const std::string& extra) const {
  return std::string(R"({"type": "external_account", "audience": ")") + kFakeAudience +
         R"(", "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", "token_url": ")" + url_ +
         R"(/sts/v1/token", "credential_source": )" + credential_source + extra + "}";
}

std::string FakeGcp::impersonation_url() const {
  return url_ + "/v1/projects/-/serviceAccounts/" + kFakeTargetServiceAccount + ":generateAccessToken";
}

std::string FakeGcp::write_credentials(const std::string& name, const std::string& json) const {
  const auto path = scratch() / name;
  write_file(path, json);
  return path.string();
}

std::string FakeGcp::host() const { return url_.substr(std::string("http://").size()); }

Poco::JSON::Object::Ptr FakeGcp::stats() const {
  const auto response = http_->send(HttpRequest{"GET", url_ + "/__admin/stats", {}, {}, {}});
  if (response.status != 200)
    throw std::runtime_error("fake_gcp.py stats: HTTP " + std::to_string(response.status));
  Poco::JSON::Parser parser;
  return parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

int FakeGcp::count(const std::string& operation) const { return stats()->getValue<int>(operation); }

int FakeGcp::accesses(const std::string& resource_name) const {
  const auto access = stats()->getObject("access");
  return access->has(resource_name) ? access->getValue<int>(resource_name) : 0;
}

void FakeGcp::revoke() const {
  const auto response = http_->send(HttpRequest{"POST", url_ + "/__admin/revoke", {}, {}, {}});
  if (response.status != 200)
    throw std::runtime_error("fake_gcp.py revoke: HTTP " + std::to_string(response.status));
}

}  // namespace mstr::test
