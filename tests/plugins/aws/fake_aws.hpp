#pragma once
// Runs tests/plugins/aws/fake_aws.py for a test executable and talks to its admin paths.

#include <mstr/sdk/http_client.hpp>

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

namespace mstr::test {

class FakeAws {
 public:
  // Starts the fake with `config_json` as its configuration (see fake_aws.py).
  explicit FakeAws(const std::string& config_json);

  const std::string& url() const { return url_; }
  // Requests the fake answered for `operation` since the last reset().
  int count(const std::string& operation);
  // Requests the fake rejected with `error_type` since the last reset().
  int rejected(const std::string& error_type);
  // The JSON body of the last well-signed `operation` request since the last reset() (null if none).
  Poco::JSON::Object::Ptr last_request(const std::string& operation);
  void reset();
  void set_faults(const std::string& faults_json);
  void merge_config(const std::string& config_json);

 private:
  Poco::JSON::Object::Ptr stats();
  void post(const std::string& path, const std::string& body);

  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::shared_ptr<IHttpClient> http_;
  std::string url_;
};

// The fake every test in an executable shares (starting python with botocore costs a few hundred ms).
FakeAws& shared_fake();

// The configuration shared_fake() starts with: region eu-west-1, the long-term keys and secrets below.
inline constexpr const char* fake_region = "eu-west-1";
inline constexpr const char* static_key_id = "AKIDSTATICEXAMPLE";
inline constexpr const char* static_secret = "static/secret+KEY0123456789";
inline constexpr const char* profile_key_id = "AKIDPROFILEEXAMPLE";
inline constexpr const char* profile_secret = "profile-secret-0123456789";
inline constexpr const char* process_key_id = "ASIAPROCESSEXAMPLE";
inline constexpr const char* process_secret = "process-secret-0123456789";
inline constexpr const char* process_token = "process-session-token";
inline constexpr const char* container_token = "container-authorization-token";
inline constexpr const char* web_identity_token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtc3RyIn0.";
inline constexpr const char* web_identity_role = "arn:aws:iam::123456789012:role/mstr-reader";

}  // namespace mstr::test
