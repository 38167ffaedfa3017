#include "session/cookie_jar.hpp"

#include <mstr/errors.hpp>

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using mstr::internal::Clock;
using mstr::internal::CookieJar;
using mstr::internal::CookieScope;

namespace {

const CookieScope kLibrary{"lib.example.com", "/MicroStrategyLibrary/api/auth/login", true};
const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'700'000'000));

}  // namespace

TEST_CASE("a cookie without attributes is host-only with the request's default path", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "JSESSIONID=abc123", kNow);
  const auto cookies = jar.cookies();
  REQUIRE(cookies.size() == 1);
  CHECK(cookies[0].host_only);
  CHECK(cookies[0].domain == "lib.example.com");
  CHECK(cookies[0].path == "/MicroStrategyLibrary/api/auth");
  CHECK_FALSE(cookies[0].expires);
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibrary/api/auth/logout", true}, kNow) == "JSESSIONID=abc123");
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibrary/api/projects", true}, kNow).empty());
  CHECK(jar.header_for({"other.example.com", "/MicroStrategyLibrary/api/auth/x", true}, kNow).empty());
  CHECK(jar.header_for({"sub.lib.example.com", "/MicroStrategyLibrary/api/auth/x", true}, kNow).empty());
}

TEST_CASE("Path limits where a cookie is sent, on segment boundaries", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "JSESSIONID=s; Path=/MicroStrategyLibrary; HttpOnly", kNow);
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibrary/api/projects", true}, kNow) == "JSESSIONID=s");
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibrary", true}, kNow) == "JSESSIONID=s");
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibraryOther/x", true}, kNow).empty());
  CHECK(jar.cookies()[0].http_only);
  // A Path that does not start with '/' falls back to the default path.
  jar.store(kLibrary, "bad=1; Path=relative", kNow);
  CHECK(jar.cookies()[1].path == "/MicroStrategyLibrary/api/auth");
}

TEST_CASE("Domain cookies reach subdomains, foreign domains are refused", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "lb=1; Domain=.example.com; Path=/", kNow);
  jar.store(kLibrary, "evil=1; Domain=attacker.com; Path=/", kNow);
  jar.store(kLibrary, "deeper=1; Domain=x.lib.example.com; Path=/", kNow);
  REQUIRE(jar.cookies().size() == 1);
  CHECK_FALSE(jar.cookies()[0].host_only);
  CHECK(jar.cookies()[0].domain == "example.com");
  CHECK(jar.header_for({"api.example.com", "/", true}, kNow) == "lb=1");
  CHECK(jar.header_for({"example.com", "/", true}, kNow) == "lb=1");
  CHECK(jar.header_for({"badexample.com", "/", true}, kNow).empty());
}

TEST_CASE("IP hosts accept only an identical Domain", "[cookies]") {
  CookieJar jar;
  const CookieScope ip{"127.0.0.1", "/api/auth/login", false};
  jar.store(ip, "a=1; Domain=127.0.0.1; Path=/", kNow);
  jar.store(ip, "b=1; Domain=0.0.1; Path=/", kNow);
  REQUIRE(jar.cookies().size() == 1);
  CHECK(jar.header_for({"127.0.0.1", "/x", false}, kNow) == "a=1");
  CHECK_FALSE(mstr::internal::domain_matches("10.0.0.1", "0.0.1"));
}

TEST_CASE("Secure cookies are set and sent over https only", "[cookies]") {
  CookieJar jar;
  jar.store({"lib.example.com", "/", false}, "insecure=1; Secure; Path=/", kNow);
  CHECK(jar.empty());
  jar.store(kLibrary, "sec=1; Secure; Path=/", kNow);
  CHECK(jar.header_for({"lib.example.com", "/x", true}, kNow) == "sec=1");
  CHECK(jar.header_for({"lib.example.com", "/x", false}, kNow).empty());
}

TEST_CASE("Max-Age and Expires set the expiry, zero, negative or past values delete", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "a=1; Path=/; Max-Age=60", kNow);
  jar.store(kLibrary, "b=2; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT", kNow);
  jar.store(kLibrary, "c=3; Path=/; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT", kNow);
  CHECK(jar.header_for({"lib.example.com", "/", true}, kNow) == "a=1; b=2; c=3");
  CHECK(jar.header_for({"lib.example.com", "/", true}, kNow + std::chrono::seconds(61)) == "b=2; c=3");
  CHECK(jar.header_for({"lib.example.com", "/", true}, kNow + std::chrono::seconds(101)) == "b=2");

  jar.store(kLibrary, "a=gone; Path=/; Max-Age=0", kNow);
  jar.store(kLibrary, "b=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", kNow);
  jar.store(kLibrary, "c=gone; Path=/; Max-Age=-5", kNow);
  CHECK(jar.empty());
  // An unparsable Max-Age or Expires is ignored, leaving a session cookie.
  jar.store(kLibrary, "d=4; Path=/; Max-Age=soon; Expires=someday", kNow);
  REQUIRE(jar.cookies().size() == 1);
  CHECK_FALSE(jar.cookies()[0].expires);
  // Far-future dates do not overflow the clock.
  jar.store(kLibrary, "e=5; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT", kNow);
  jar.store(kLibrary, "f=6; Path=/; Max-Age=99999999999999999999999", kNow);
  CHECK(jar.header_for({"lib.example.com", "/", true}, kNow + std::chrono::hours(24 * 365)) == "d=4; e=5; f=6");
}

TEST_CASE("a cookie replaces its namesake and keeps its place, longer paths go first", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "first=1; Path=/", kNow);
  jar.store(kLibrary, "JSESSIONID=old; Path=/MicroStrategyLibrary", kNow);
  jar.store(kLibrary, "last=1; Path=/", kNow);
  jar.store(kLibrary, "first=2; Path=/", kNow);
  jar.store(kLibrary, "JSESSIONID=new; Path=/MicroStrategyLibrary", kNow);
  CHECK(jar.cookies().size() == 3);
  CHECK(jar.header_for({"lib.example.com", "/MicroStrategyLibrary/api", true}, kNow) == "JSESSIONID=new; first=2; last=1");
  // Same name, different path: two cookies.
  jar.store(kLibrary, "first=3; Path=/MicroStrategyLibrary", kNow);
  CHECK(jar.cookies().size() == 4);
}

TEST_CASE("malformed Set-Cookie values are ignored", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "", kNow);
  jar.store(kLibrary, "novalue", kNow);
  jar.store(kLibrary, "=value", kNow);
  jar.store(kLibrary, "a=1\r\nX-Injected: yes", kNow);
  jar.store(kLibrary, std::string("big=") + std::string(5000, 'x'), kNow);
  CHECK(jar.empty());
  jar.store(kLibrary, "  spaced  =  value  ; Path=/ ; secure ", kNow);
  REQUIRE(jar.cookies().size() == 1);
  CHECK(jar.cookies()[0].name == "spaced");
  CHECK(jar.cookies()[0].value == "value");
  CHECK(jar.cookies()[0].secure);
}

TEST_CASE("the jar is bounded", "[cookies]") {
  CookieJar jar;
  for (std::size_t i = 0; i < CookieJar::max_cookies + 50; ++i) jar.store(kLibrary, "c" + std::to_string(i) + "=v; Path=/", kNow);
  CHECK(jar.cookies().size() == CookieJar::max_cookies);
  CHECK(jar.cookies().back().name == "c" + std::to_string(CookieJar::max_cookies + 49));
}

TEST_CASE("cookies survive a JSON round trip, malformed documents name the field", "[cookies]") {
  CookieJar jar;
  jar.store(kLibrary, "JSESSIONID=s; Path=/MicroStrategyLibrary; HttpOnly", kNow);
  jar.store(kLibrary, "lb=1; Domain=example.com; Path=/; Secure; Max-Age=3600", kNow);
  std::ostringstream text;
  jar.to_json()->stringify(text);

  Poco::JSON::Parser parser;
  const auto array = parser.parse(text.str()).extract<Poco::JSON::Array::Ptr>();
  CookieJar restored;
  restored.load_json(*array, kNow);
  REQUIRE(restored.cookies().size() == 2);
  CHECK(restored.header_for({"api.example.com", "/", true}, kNow) == "lb=1");
  CHECK(restored.header_for({"lib.example.com", "/MicroStrategyLibrary/x", true}, kNow) == "JSESSIONID=s; lb=1");
  // Expired while stored: dropped on load.
  CookieJar later;
  later.load_json(*array, kNow + std::chrono::hours(2));
  CHECK(later.cookies().size() == 1);

  const auto load = [](const std::string& document) {
    Poco::JSON::Parser p;
    CookieJar target;
    target.load_json(*p.parse(document).extract<Poco::JSON::Array::Ptr>(), kNow);
  };
  CHECK_THROWS_WITH(load(R"([{"value":"v","domain":"h","path":"/"}])"), Catch::Contains("cookies[0].name is missing"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":"v","domain":"h","path":"/"}, 3])"), Catch::Contains("cookies[1] is not an object"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":"v","domain":"h","path":"x"}])"), Catch::Contains("cookies[0].path"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":1,"domain":"h","path":"/"}])"), Catch::Contains("cookies[0].value must be a string"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":"a\r\nb","domain":"h","path":"/"}])"), Catch::Contains("control characters"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":"v","domain":"h","path":"/","secure":"yes"}])"), Catch::Contains("secure"));
  CHECK_THROWS_WITH(load(R"([{"name":"n","value":"v","domain":"h","path":"/","expires":"soon"}])"), Catch::Contains("expires"));
  CHECK_THROWS_AS(load(R"([{"name":"n","domain":"h","path":"/"}])"), mstr::SessionException);
}

TEST_CASE("the jar can be used from several threads at once", "[cookies]") {
  CookieJar jar;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&jar, t] {
      for (int i = 0; i < 200; ++i) {
        jar.store(kLibrary, "t" + std::to_string(t) + "=" + std::to_string(i) + "; Path=/", kNow);
        (void)jar.header_for({"lib.example.com", "/", true}, kNow);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(jar.header_for({"lib.example.com", "/", true}, kNow).size() == std::string("t0=199; t1=199; t2=199; t3=199").size());
}
