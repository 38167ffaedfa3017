// Runs the signer over every case of the official AWS SigV4 test suite, read from
// $MSTR_SHARED_DIR/data/aws-sig-v4-test-suite at test time.

#include "sigv4_signer.hpp"

#include <catch2/catch.hpp>

#include <test_support/paths.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using mstr::HttpRequest;
using mstr::internal::aws::AwsCredentials;
using mstr::internal::aws::SigV4Signer;

namespace {

// The suite's fixed inputs (its documentation states them; the files do not).
constexpr const char* access_key = "AKIDEXAMPLE";
constexpr const char* secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* session_token =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUu"
    "wthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQc"
    "HNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oL"
    "xBA==";

fs::path suite_dir() { return mstr::test::shared_dir() / "data" / "aws-sig-v4-test-suite"; }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A .req/.sreq file: request line, headers (a line starting with whitespace continues the previous
// header's value), blank line, body.
HttpRequest parse_request(const std::string& text) {
  HttpRequest request;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  request.method = line.substr(0, first_space);
  const std::string target = line.substr(first_space + 1, last_space - first_space - 1);
  std::string host;
  bool in_body = false;
  std::string body;
  while (std::getline(in, line)) {
    if (in_body) {
      body += (body.empty() ? "" : "\n") + line;
    } else if (line.empty()) {
      in_body = true;
    } else if (line[0] == ' ' || line[0] == '\t') {
      request.headers.back().second += "\n" + line;
    } else {
      const auto colon = line.find(':');
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.headers.emplace_back(line.substr(0, colon), value);
      if (line.substr(0, colon) == "Host") host = value;
    }
  }
  request.body = body;
  request.url = "https://" + host + target;
  return request;
}

struct SuiteCase {
  fs::path directory;
  std::string name;
};

std::vector<SuiteCase> all_cases() {
  std::vector<SuiteCase> cases;
  for (const auto& entry : fs::recursive_directory_iterator(suite_dir())) {
    if (entry.path().extension() == ".req") {
      cases.push_back({entry.path().parent_path(), entry.path().stem().string()});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

AwsCredentials suite_credentials(bool with_token) {
  AwsCredentials credentials;
  credentials.access_key_id = access_key;
  credentials.secret_access_key = mstr::SecretValue(secret_key);
  if (with_token) credentials.session_token = mstr::SecretValue(session_token);
  return credentials;
}

}  // namespace

TEST_CASE("the suite is where the tests expect it, with every case") {
  const auto cases = all_cases();
  CHECK(cases.size() == 31);
  for (const auto& c : cases) {
    for (const char* ext : {".creq", ".sts", ".authz", ".sreq"}) {
      INFO(c.name << ext);
      CHECK(fs::exists(c.directory / (c.name + ext)));
    }
  }
}

TEST_CASE("signing the suite's string-to-sign gives the suite's signature in every case") {
  const SigV4Signer signer("service", "us-east-1");
  for (const auto& c : all_cases()) {
    INFO(c.name);
    const std::string sts = read(c.directory / (c.name + ".sts"));
    const std::string authz = read(c.directory / (c.name + ".authz"));
    const std::string amz_date = sts.substr(sts.find('\n') + 1, 16);
    const std::string signature = signer.signature(mstr::SecretValue(secret_key), amz_date, sts);
    CHECK(authz.substr(authz.rfind('=') + 1) == signature);
  }
}

// The two x-www-form-urlencoded cases of the published suite contradict themselves, so no signer
// can match all of their files: their .creq signs Content-Length while their .sts, .authz and .sreq
// were produced without it (the .sreq drops the header), and the -parameters case's .sts was hashed
// from a Content-Type of "charset=utf8" where its .req says "charset=utf-8". For these the signer is
// held to the .creq of the request as written, and to the .sts/.authz/.sreq of the request that the
// .sreq shows was signed (the .req without Content-Length), except where that cannot be reproduced.
TEST_CASE("every case of the AWS SigV4 test suite: canonical request, string to sign, authorization, signed request") {
  const SigV4Signer plain("service", "us-east-1");
  SigV4Signer token_after("service", "us-east-1");
  token_after.set_sign_session_token(false);
  for (const auto& c : all_cases()) {
    SECTION(c.name) {
      const HttpRequest request = parse_request(read(c.directory / (c.name + ".req")));
      const std::string amz_date = *mstr::find_header(request.headers, "X-Amz-Date");
      const bool form_case = c.name.rfind("post-x-www-form-urlencoded", 0) == 0;

      CHECK(plain.canonical_request(request) == read(c.directory / (c.name + ".creq")));

      HttpRequest as_signed = request;
      if (form_case) {
        std::erase_if(as_signed.headers, [](const auto& h) { return h.first == "Content-Length"; });
      }
      const bool unsigned_token = c.name == "post-sts-header-after";
      const bool token = unsigned_token || c.name == "post-sts-header-before";
      const SigV4Signer& signer = unsigned_token ? token_after : plain;
      const std::string sts = signer.string_to_sign(amz_date, signer.canonical_request(as_signed));
      HttpRequest signed_request = as_signed;
      signer.sign(signed_request, suite_credentials(token), {});
      const HttpRequest expected = parse_request(read(c.directory / (c.name + ".sreq")));

      if (c.name == "post-x-www-form-urlencoded-parameters") {
        // Its .sts cannot be reproduced; the SignedHeaders its .sreq shows can.
        CHECK(sts != read(c.directory / (c.name + ".sts")));
        const std::string authorization = *mstr::find_header(signed_request.headers, "Authorization");
        CHECK(authorization.find("SignedHeaders=content-type;host;x-amz-date,") != std::string::npos);
      } else {
        CHECK(sts == read(c.directory / (c.name + ".sts")));
        CHECK(*mstr::find_header(signed_request.headers, "Authorization") == read(c.directory / (c.name + ".authz")));
        CHECK(signed_request.headers == expected.headers);
        CHECK(signed_request.body == expected.body);
      }
    }
  }
}

TEST_CASE("a dated request is signed with the time it is given") {
  SigV4Signer signer("secretsmanager", "eu-west-1");
  HttpRequest request;
  request.method = "POST";
  request.url = "http://127.0.0.1:8080/";
  request.body = "{}";
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));  // 2015-08-30T12:36:00Z
  signer.sign(request, suite_credentials(true), when);
  CHECK(*mstr::find_header(request.headers, "X-Amz-Date") == "20150830T123600Z");
  CHECK(*mstr::find_header(request.headers, "Host") == "127.0.0.1:8080");
  CHECK(*mstr::find_header(request.headers, "X-Amz-Security-Token") == session_token);
  const std::string authorization = *mstr::find_header(request.headers, "Authorization");
  CHECK(authorization.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/secretsmanager/aws4_request, "
                            "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=",
                            0) == 0);
}
