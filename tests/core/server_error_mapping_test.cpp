#include "errors/iserver_error_names.hpp"
#include "errors/server_error_mapping.hpp"
#include "test_support/paths.hpp"

#include <mstr/errors.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

using mstr::internal::normalise_error_code;
using mstr::internal::parse_server_error;
using mstr::internal::throw_server_error;

namespace {

std::string error_body(const std::string& code) {
  return R"({"code":")" + code + R"(","message":"Something failed","ticketId":"3f2a9c","iServerCode":-2147216959})";
}

// Throws the mapped exception for `body` and tells which type the caller caught.
template <typename Expected>
bool maps_to(const std::string& code) {
  try {
    throw_server_error(parse_server_error(400, error_body(code)));
  } catch (const Expected& error) {
    return true;
  } catch (...) {
    return false;
  }
}

// The exact dynamic type, so a row is not satisfied by the MSTRException base alone.
std::string mapped_type(const std::string& body, int status = 400) {
  try {
    throw_server_error(parse_server_error(status, body));
  } catch (const mstr::SessionException&) {
    return "SessionException";
  } catch (const mstr::IServerException&) {
    return "IServerException";
  } catch (const mstr::LoginFailureException&) {
    return "LoginFailureException";
  } catch (const mstr::ResourceNotFoundException&) {
    return "ResourceNotFoundException";
  } catch (const mstr::InvalidRequestException&) {
    return "InvalidRequestException";
  } catch (const mstr::InsufficientPrivilegesException&) {
    return "InsufficientPrivilegesException";
  } catch (const mstr::ObjectAlreadyExistsException&) {
    return "ObjectAlreadyExistsException";
  } catch (const mstr::MSTRUnknownException&) {
    return "MSTRUnknownException";
  } catch (const mstr::MSTRException&) {
    return "MSTRException";
  }
  return "nothing";
}

}  // namespace

TEST_CASE("error codes are normalised: ERR014 and ERR0014 are one code", "[errors]") {
  CHECK(normalise_error_code("ERR0014") == "ERR014");
  CHECK(normalise_error_code("ERR014") == "ERR014");
  CHECK(normalise_error_code("ERR0013") == "ERR013");
  CHECK(normalise_error_code("ERR001") == "ERR001");
  CHECK(normalise_error_code("err003") == "ERR003");
  CHECK(normalise_error_code(" ERR09 ") == "ERR009");
  CHECK(normalise_error_code("ERR00000004") == "ERR004");
  CHECK(normalise_error_code("ERR1234") == "ERR1234");
  CHECK(normalise_error_code("ERRX") == "ERRX");
  CHECK(normalise_error_code("E42") == "E42");
  CHECK(normalise_error_code("") == "");
}

TEST_CASE("every row of the code table maps to its exception, in both spellings", "[errors]") {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"ERR001", "MSTRException"},
      {"ERR002", "IServerException"},
      {"ERR0013", "IServerException"},
      {"ERR013", "IServerException"},
      {"ERR003", "LoginFailureException"},
      {"ERR004", "ResourceNotFoundException"},
      {"ERR005", "InvalidRequestException"},
      {"ERR006", "InvalidRequestException"},
      {"ERR007", "InvalidRequestException"},
      {"ERR009", "SessionException"},
      {"ERR0014", "InsufficientPrivilegesException"},
      {"ERR014", "InsufficientPrivilegesException"},
      {"ERR0017", "InsufficientPrivilegesException"},
      {"ERR017", "InsufficientPrivilegesException"},
      {"ERR0015", "ObjectAlreadyExistsException"},
      {"ERR015", "ObjectAlreadyExistsException"},
      {"ERR008", "MSTRException"},
      {"ERR999", "MSTRException"},
      {"SOMETHING", "MSTRException"},
  };
  for (const auto& [code, type] : table) {
    INFO("code " << code);
    CHECK(mapped_type(error_body(code)) == type);
  }
  CHECK(maps_to<mstr::MSTRException>("ERR0014"));
  CHECK(maps_to<mstr::Error>("ERR003"));
}

TEST_CASE("the exception keeps code, message, ticket, status and the named iServer code", "[errors]") {
  try {
    throw_server_error(parse_server_error(
        401, R"({"code":"ERR003","message":"Login failed","ticketId":"3f2a","iServerCode":-2147216959})"));
    FAIL("nothing thrown");
  } catch (const mstr::LoginFailureException& error) {
    CHECK(error.http_status() == 401);
    CHECK(error.code() == "ERR003");
    CHECK(error.ticket_id() == "3f2a");
    CHECK(error.details().message == "Login failed");
    REQUIRE(error.iserver_code());
    CHECK(*error.iserver_code() == -2147216959);
    if (!mstr::internal::iserver_error_table().empty()) {
      CHECK(error.details().iserver_name == "AUTHEN_E_LOGIN_FAIL");
      CHECK(std::string(error.what()) ==
            "HTTP 401 ERR003: Login failed (ticket 3f2a; iServer -2147216959 AUTHEN_E_LOGIN_FAIL)");
    } else {
      CHECK(std::string(error.what()) == "HTTP 401 ERR003: Login failed (ticket 3f2a; iServer -2147216959)");
    }
  }
}

TEST_CASE("the iServer table is generated from the shared TSV when it exists", "[errors]") {
  const auto tsv = mstr::test::shared_dir() / "data" / "iserver-error-codes.tsv";
  if (!std::filesystem::exists(tsv)) {
    CHECK(mstr::internal::iserver_error_table().empty());
    CHECK(mstr::internal::iserver_error_name(-2147216959).empty());
    return;
  }
  CHECK(mstr::internal::iserver_error_table().size() == 9441);
  CHECK(mstr::internal::iserver_error_name(-2147216959) == "AUTHEN_E_LOGIN_FAIL");
  CHECK(mstr::internal::iserver_error_name(-2147181482) == "AE_DISABLEMERGEDE");
  // The unsigned spelling of the same HRESULT.
  CHECK(mstr::internal::iserver_error_name(4294967296LL - 2147216959LL) == "AUTHEN_E_LOGIN_FAIL");
  CHECK(mstr::internal::iserver_error_name(12345).empty());
  // An iServer code sent as a string still names its constant.
  const auto details = parse_server_error(500, R"({"code":"ERR002","iServerCode":"-2147216959"})");
  CHECK(details.iserver_name == "AUTHEN_E_LOGIN_FAIL");
}

TEST_CASE("a JSON body without a code is MSTRUnknownException", "[errors]") {
  CHECK(mapped_type(R"({"message":"no code here"})", 500) == "MSTRUnknownException");
  CHECK(mapped_type(R"({"code":"","message":"empty code"})", 500) == "MSTRUnknownException");
  CHECK(mapped_type(R"({})", 500) == "MSTRUnknownException");
  try {
    throw_server_error(parse_server_error(500, R"({"message":"Internal trouble","ticketId":"t1"})"));
  } catch (const mstr::MSTRUnknownException& error) {
    CHECK(std::string(error.what()) == "HTTP 500: Internal trouble (ticket t1)");
  }
  try {
    throw_server_error(parse_server_error(503, "{}"));
  } catch (const mstr::MSTRUnknownException& error) {
    CHECK(std::string(error.what()).find("HTTP 503") == 0);
    CHECK(std::string(error.what()).find("no MicroStrategy error code") != std::string::npos);
  }
}

TEST_CASE("non-JSON, unparsable and truncated bodies give the status and a short excerpt", "[errors]") {
  for (const std::string& body : {std::string("<html><body>Bad Gateway</body></html>"), std::string("{\"code\":\"ERR003\",\"mess"),
                                 std::string("[1,2,3]"), std::string("")}) {
    INFO(body);
    CHECK(mapped_type(body, 502) == "MSTRUnknownException");
  }
  try {
    throw_server_error(parse_server_error(502, "<html>\n  <body>Bad   Gateway</body>\n</html>"));
  } catch (const mstr::MSTRUnknownException& error) {
    CHECK(error.http_status() == 502);
    CHECK(error.code().empty());
    CHECK(error.details().body_excerpt == "<html> <body>Bad Gateway</body> </html>");
    CHECK(std::string(error.what()) ==
          "HTTP 502: the body is not a MicroStrategy error: \"<html> <body>Bad Gateway</body> </html>\"");
  }
  const std::string huge = "<pre>" + std::string(10000, 'x') + "</pre>";
  const auto details = parse_server_error(500, huge);
  CHECK(details.body_excerpt.size() == 203);
  CHECK(details.body_excerpt.substr(200) == "...");
  // White space folds into one space; other control characters are escaped, never passed on.
  CHECK(mstr::internal::body_excerpt("a\tb\r\nc\x01" "d") == "a b c\\x01d");
}

TEST_CASE("client-side SessionExceptions read as their message", "[errors]") {
  const mstr::SessionException error("user_info needs a session");
  CHECK(std::string(error.what()) == "user_info needs a session");
  CHECK(error.http_status() == 0);
}

TEST_CASE("code() keeps the server's spelling while the type follows the normalised code", "[errors]") {
  for (const std::string code : {"ERR0014", "ERR014"}) {
    INFO(code);
    try {
      throw_server_error(parse_server_error(403, R"({"code":")" + code + R"(","message":"no privilege"})"));
      FAIL("nothing thrown");
    } catch (const mstr::InsufficientPrivilegesException& error) {
      CHECK(error.code() == code);
      CHECK(error.details().normalised_code == "ERR014");
      CHECK(std::string(error.what()).find("HTTP 403 " + code + ":") == 0);
    }
  }
  const auto details = parse_server_error(401, R"({"code":" err09 "})");
  CHECK(details.code == "err09");
  CHECK(details.normalised_code == "ERR009");
  // Details built by hand without the normalised spelling still map by their code.
  mstr::ServerErrorDetails by_hand;
  by_hand.code = "ERR0015";
  CHECK_THROWS_AS(throw_server_error(by_hand), mstr::ObjectAlreadyExistsException);
}

TEST_CASE("server text is made printable: valid UTF-8 stays, controls and bad bytes are escaped", "[errors][hardening]") {
  using mstr::internal::body_excerpt;
  CHECK(body_excerpt("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82");
  CHECK(body_excerpt("bad \xff\xfe") == "bad \\xff\\xfe");
  CHECK(body_excerpt("\x1b[31mred\x7f") == "\\x1b[31mred\\x7f");
  CHECK(body_excerpt("overlong \xc0\xaf, surrogate \xed\xa0\x80") == "overlong \\xc0\\xaf, surrogate \\xed\\xa0\\x80");
  CHECK(body_excerpt("cut \xe2\x82") == "cut \\xe2\\x82");
  CHECK(body_excerpt("rtl \xe2\x80\xae" "txt") == "rtl \\xe2\\x80\\xaetxt");
  CHECK(body_excerpt("c1 \xc2\x9b") == "c1 \\xc2\\x9b");
  const auto details = parse_server_error(400, R"({"code":"ERR\u001b006","message":"m\u0007","ticketId":"t\u001b"})");
  CHECK(details.message == "m\\x07");
  CHECK(details.ticket_id == "t\\x1b");
  CHECK(details.code.find('\x1b') == std::string::npos);
}

TEST_CASE("the timeout and prompted-content iServer codes win over the error code", "[errors]") {
  const auto raise = [](const std::string& body) { throw_server_error(parse_server_error(500, body)); };
  CHECK_THROWS_AS(raise(R"({"code":"ERR002","message":"slow","iServerCode":-2147206497})"), mstr::MstrTimeoutError);
  CHECK_THROWS_AS(raise(R"({"code":"ERR001","message":"slow","iServerCode":"-2147206497"})"), mstr::MSTRException);
  CHECK_THROWS_AS(raise(R"({"code":"ERR004","message":"p","iServerCode":-2147468903})"), mstr::PromptedContentError);
  CHECK_THROWS_AS(raise(R"({"code":"ERR004","message":"other","iServerCode":-1})"), mstr::ResourceNotFoundException);
}
