#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

namespace {

const std::string kDocument = R"({
  "format": "mstr-session", "version": 1,
  "base_url": "http://127.0.0.1:9/MicroStrategyLibrary/api/",
  "headers": {"X-MSTR-AuthToken": "tok123"},
  "cookies": [
    {"name": "JSESSIONID", "value": "J1", "domain": "127.0.0.1", "path": "/MicroStrategyLibrary", "host_only": true,
     "secure": false, "http_only": true},
    {"name": "AWSALB", "value": "lb", "domain": "127.0.0.1", "path": "/", "expires": 4102444800}
  ]
})";

std::string error_of(const std::string& document) {
  try {
    (void)mstr::Session::from_json(document);
  } catch (const mstr::SessionException& error) {
    return error.what();
  }
  return "no SessionException";
}

}  // namespace

TEST_CASE("a persisted session round-trips base URL, headers and cookies", "[persistence]") {
  mstr::Session session = mstr::Session::from_json(kDocument);
  CHECK(session.base_url() == "http://127.0.0.1:9/MicroStrategyLibrary/api/");
  CHECK(session.has_session());
  CHECK(session.mstr_headers() == std::map<std::string, std::string>{{"X-MSTR-AuthToken", "tok123"}});

  const std::string saved = session.to_json();
  mstr::Session again = mstr::Session::from_json(saved);
  CHECK(again.to_json() == saved);
  Poco::JSON::Parser parser;
  const auto object = parser.parse(saved).extract<Poco::JSON::Object::Ptr>();
  CHECK(object->getArray("cookies")->size() == 2);
  CHECK(object->getValue<std::string>("format") == "mstr-session");

  again.destroy_auth_token();
  CHECK_FALSE(again.has_session());
  CHECK(mstr::Session::from_json(again.to_json()).has_session() == false);
}

TEST_CASE("a fresh session persists as an empty one", "[persistence]") {
  mstr::Session session("http://localhost:9/MicroStrategyLibrary/api");
  const auto restored = mstr::Session::from_json(session.to_json());
  CHECK(restored.base_url() == "http://localhost:9/MicroStrategyLibrary/api/");
  CHECK_FALSE(restored.has_session());
}

TEST_CASE("malformed or incomplete persisted sessions are SessionExceptions naming the problem", "[persistence]") {
  CHECK_THAT(error_of(""), Catch::Contains("not valid JSON"));
  CHECK_THAT(error_of("{\"base_url\": "), Catch::Contains("not valid JSON"));
  CHECK_THAT(error_of("[]"), Catch::Contains("not a JSON object"));
  CHECK_THAT(error_of("42"), Catch::Contains("not a JSON object"));
  CHECK_THAT(error_of(R"({"headers":{},"cookies":[]})"), Catch::Contains("'base_url' is missing"));
  CHECK_THAT(error_of(R"({"base_url":5,"headers":{},"cookies":[]})"), Catch::Contains("'base_url' must be a string"));
  CHECK_THAT(error_of(R"({"base_url":"ftp://x/","headers":{},"cookies":[]})"), Catch::Contains("'base_url' is unusable"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","cookies":[]})"), Catch::Contains("'headers' is missing"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":[],"cookies":[]})"), Catch::Contains("'headers' must be an object"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{}})"), Catch::Contains("'cookies' is missing"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{},"cookies":{}})"), Catch::Contains("'cookies' must be an array"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{"Host":"x"},"cookies":[]})"),
             Catch::Contains("not an X-MSTR-* header"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{"X-MSTR-AuthToken":7},"cookies":[]})"),
             Catch::Contains("must be a string"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{"X-MSTR-AuthToken":"a\r\nHost: evil"},"cookies":[]})"),
             Catch::Contains("line break"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[{"name":"x"}]})"),
             Catch::Contains("cookies[0].value is missing"));
  CHECK_THAT(error_of(R"({"version":2,"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[]})"),
             Catch::Contains("'version'"));
  // Integers beyond what the field's type holds are refused by name rather than escaping as POCO's
  // RangeException (both were found by fuzzing).
  CHECK_THAT(error_of(R"({"version":18446744073709551615,"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[]})"),
             Catch::Contains("'version'"));
  CHECK_THAT(error_of(R"({"version":4294967297,"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[]})"),
             Catch::Contains("'version'"));
  CHECK_THAT(error_of(R"({"version":"1","base_url":"http://127.0.0.1/api/","headers":{},"cookies":[]})"),
             Catch::Contains("'version'"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[{"name":"a","value":"b","domain":"127.0.0.1","path":"/","expires":18446744073709551615}]})"),
             Catch::Contains("cookies[0].expires must be a number of seconds since 1970"));
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{},"cookies":[{"name":"a","value":"b","domain":"127.0.0.1","path":"/","expires":1.5e300}]})"),
             Catch::Contains("cookies[0].expires must be a number of seconds since 1970"));
  CHECK_THAT(error_of(R"({"format":"other","base_url":"http://127.0.0.1/api/","headers":{},"cookies":[]})"),
             Catch::Contains("'format'"));
}

TEST_CASE("corrupt persisted sessions never crash", "[persistence]") {
  std::string document = kDocument;
  // Every truncation of a valid document is either a valid session or a SessionException.
  for (std::size_t length = 0; length < document.size(); length += 7) {
    try {
      (void)mstr::Session::from_json(document.substr(0, length));
    } catch (const mstr::SessionException&) {
    }
  }
  // Deep nesting and binary garbage.
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  CHECK_THROWS_AS(mstr::Session::from_json(deep), mstr::SessionException);
  CHECK_THROWS_AS(mstr::Session::from_json(std::string("\0\xff\xfe{", 4)), mstr::SessionException);
  // The token never appears in an error message.
  CHECK_THAT(error_of(R"({"base_url":"http://127.0.0.1/api/","headers":{"X-MSTR-AuthToken":"secret-token"},"cookies":[{}]})"),
             !Catch::Contains("secret-token"));
}
