// make_login_body(): the JSON body of POST auth/login that the password-based auth modes send.

#include <mstr/sdk/auth_mode.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <string>

namespace {

Poco::JSON::Object::Ptr parsed(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("the login body carries the mode, the application and the credentials exactly", "[sdk][login]") {
  // Every character JSON must escape, a control character, and UTF-8 that passes as it is.
  const std::string password = std::string("q\"uo\\te\n\r\t") + '\x01' + "\x7f" + "p\xc3\xa4ss/";
  const mstr::SecretValue user("analyst \xe2\x82\xac");
  const mstr::SecretValue secret(password);
  const auto body = parsed(mstr::make_login_body(1, 35, &user, &secret));
  CHECK(body->getValue<int>("loginMode") == 1);
  CHECK(body->getValue<int>("applicationType") == 35);
  CHECK(body->getValue<std::string>("username") == "analyst \xe2\x82\xac");
  CHECK(body->getValue<std::string>("password") == password);
  CHECK(body->size() == 4);
}

TEST_CASE("absent or empty credentials are left out of the login body", "[sdk][login]") {
  const mstr::SecretValue empty("");
  const auto body = parsed(mstr::make_login_body(8, 35, nullptr, &empty));
  CHECK(body->getValue<int>("loginMode") == 8);
  CHECK_FALSE(body->has("username"));
  CHECK_FALSE(body->has("password"));
}
