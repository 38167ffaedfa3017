#include "fake_aws.hpp"

#include <mstr/http.hpp>

#include <test_support/paths.hpp>

#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <stdexcept>

namespace mstr::test {
namespace {

std::string python() {
  // Debian's interpreter is the one with python3-botocore, whatever else PATH offers.
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

constexpr const char* shared_config_template = R"({
  "region": "eu-west-1",
  "credentials": [
    {"access_key_id": "AKIDSTATICEXAMPLE", "secret_access_key": "static/secret+KEY0123456789"},
    {"access_key_id": "AKIDPROFILEEXAMPLE", "secret_access_key": "profile-secret-0123456789"},
    {"access_key_id": "ASIAPROCESSEXAMPLE", "secret_access_key": "process-secret-0123456789",
     "session_token": "process-session-token"}
  ],
  "secrets": {
    "prod/mstr": {"SecretString": "{\"username\": \"administrator\", \"password\": \"admin-pass\"}"},
    "plain": {"SecretString": "just-a-string"},
    "binary-only": {"SecretBinary": "YmluAAFhcnn/"}
  },
  "parameters": {
    "/mstr/username": "administrator",
    "/mstr/password": "admin-pass",
    "/mstr/json": "{\"username\": \"analyst\", \"password\": \"analyst-pass\"}"
  },
  "container": {"token": "container-authorization-token", "lifetime": 3600},
  "imds": {"role": "mstr-instance-role", "lifetime": 3600},
  "sts": {"role_arn": "arn:aws:iam::123456789012:role/mstr-reader",
          "token": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtc3RyIn0.", "lifetime": 3600}
})";

}  // namespace

FakeAws::FakeAws(const std::string& config_json) : http_(make_http_client()) {
  const auto config = dir_.path() / "fake-aws.json";
  write_file(config, config_json);
  const auto script = source_dir() / "tests" / "plugins" / "aws" / "fake_aws.py";
  process_ = std::make_unique<ChildProcess>(
      python(), std::vector<std::string>{script.string(), "--config", config.string(), "--max-seconds", "300"});
  url_ = process_->wait_for_first_line(std::chrono::seconds(20));
}

Poco::JSON::Object::Ptr FakeAws::stats() {
  HttpRequest request;
  request.url = url_ + "/__admin/stats";
  const HttpResponse response = http_->send(request);
  if (response.status != 200) throw std::runtime_error("fake_aws stats: HTTP " + std::to_string(response.status));
  return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

int FakeAws::count(const std::string& operation) {
  return stats()->getObject("requests")->optValue<int>(operation, 0);
}

int FakeAws::rejected(const std::string& error_type) {
  return stats()->getObject("rejected")->optValue<int>(error_type, 0);
}

Poco::JSON::Object::Ptr FakeAws::last_request(const std::string& operation) {
  return stats()->getObject("last")->getObject(operation);
}

void FakeAws::post(const std::string& path, const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = url_ + path;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = body;
  const HttpResponse response = http_->send(request);
  if (response.status != 200) throw std::runtime_error("fake_aws " + path + ": HTTP " + std::to_string(response.status));
}

void FakeAws::reset() { post("/__admin/reset", "{}"); }
void FakeAws::set_faults(const std::string& faults_json) { post("/__admin/faults", faults_json); }
void FakeAws::merge_config(const std::string& config_json) { post("/__admin/config", config_json); }

FakeAws& shared_fake() {
  static FakeAws fake(shared_config_template);
  return fake;
}

}  // namespace mstr::test
