// AuthenticatedSession heals an expired server session: one new login (with credentials resolved
// again), one replay, however many threads meet the expiry together.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include "reliability_fixtures.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using mstr::AuthenticatedSession;
using mstr::Credential;

namespace {

std::string whoami(mstr::Session& session) { return session.user_info().username; }

}  // namespace

TEST_CASE("a request that meets an expired session logs in again once and is replayed", "[healing]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  AuthenticatedSession auth(mstr::test::analyst_config(mock));
  server.reset_counters();

  server.expire_all_sessions();
  CHECK(auth->get("sessions").ok());  // through operator->
  CHECK(server.requests_to("POST", "auth/login") == 1);
  CHECK(server.requests_to("GET", "sessions") == 2);  // refused, then replayed

  server.expire_all_sessions();
  CHECK(whoami(auth.session()) == "analyst");  // through session()
  CHECK(server.requests_to("POST", "auth/login") == 2);
  CHECK(auth.relogin_count() == 2);

  // A refused POST was not acted on, so its one replay is not a duplicate.
  server.expire_all_sessions();
  server.reset_counters();
  CHECK_FALSE(auth->create_identity_token().empty());
  CHECK(server.requests_to("POST", "auth/identityToken") == 2);
  CHECK(server.requests_to("POST", "auth/login") == 1);
}

TEST_CASE("the new login resolves the credentials again, so a rotated secret is used", "[healing][credentials]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::test::TempDir dir;
  const auto secret = dir.path() / "library-login.json";
  mstr::test::write_file(secret, R"({"username": "analyst", "password": "analyst-pass"})");

  mstr::AuthConfig config = mstr::test::analyst_config(mock);
  config.username = Credential::reference("file:" + secret.string() + "#username");
  config.password = Credential::reference("file:" + secret.string() + "#password");
  AuthenticatedSession auth(config);
  REQUIRE(whoami(auth.session()) == "analyst");

  // The vault now holds another account; the cached copy must not be used for the next login.
  mstr::test::write_file(secret, R"({"username": "administrator", "password": "admin-pass"})");
  CHECK(whoami(auth.session()) == "analyst");  // no expiry yet: nothing is resolved
  server.expire_all_sessions();
  CHECK(whoami(auth.session()) == "administrator");

  SECTION("a rotated secret that the server refuses fails the request with the login error") {
    mstr::test::write_file(secret, R"({"username": "administrator", "password": "rotated-but-wrong"})");
    server.expire_all_sessions();
    try {
      auth->get("sessions");
      FAIL("the request succeeded without a valid login");
    } catch (const mstr::LoginFailureException& error) {
      CHECK(std::string(error.what()).find("rotated-but-wrong") == std::string::npos);
    }
    // Once the vault is right again, the session heals on the next request.
    mstr::test::write_file(secret, R"({"username": "analyst", "password": "analyst-pass"})");
    CHECK(whoami(auth.session()) == "analyst");
  }
}

TEST_CASE("8 threads meeting one expiry cause exactly one new login", "[healing][threads]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  AuthenticatedSession auth(mstr::test::analyst_config(mock));
  server.reset_counters();

  constexpr int threads = 8;
  constexpr int rounds = 5;
  constexpr int calls_per_round = 20;
  std::atomic<int> failures{0};
  // Between rounds every thread waits while the main thread expires every session, so each round
  // starts with all 8 threads sending on a dead session at once.
  std::barrier sync(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int round = 0; round < rounds; ++round) {
        sync.arrive_and_wait();  // the sessions are expired now
        for (int call = 0; call < calls_per_round; ++call) {
          try {
            // One call in five is a POST: it heals the same way, and is never sent twice.
            const bool post = call % 5 == 4;
            if (!(post ? auth->post("auth/identityToken") : auth->get("sessions")).ok()) ++failures;
          } catch (const std::exception&) {
            ++failures;
          }
        }
        sync.arrive_and_wait();  // round done
      }
    });
  }
  for (int round = 0; round < rounds; ++round) {
    server.expire_all_sessions();
    sync.arrive_and_wait();
    sync.arrive_and_wait();
  }
  for (auto& worker : workers) worker.join();

  CHECK(failures == 0);
  CHECK(server.requests_to("POST", "auth/login") == rounds);
  CHECK(auth.relogin_count() == rounds);
  // No call was lost: each was answered once, plus one refused attempt for each thread that sent
  // on the dead session before the new login arrived (at least one, at most all 8, per round).
  const auto calls = static_cast<std::uint64_t>(threads * rounds * calls_per_round);
  const auto posts_made = calls / 5;
  const auto gets = server.requests_to("GET", "sessions");
  const auto posts = server.requests_to("POST", "auth/identityToken");
  CHECK(gets + posts >= calls + rounds);
  CHECK(gets + posts <= calls + rounds * threads);
  CHECK(posts >= posts_made);
  CHECK(posts <= posts_made + rounds * threads);
}

TEST_CASE("a delegated session cannot log in again and says why", "[healing][identity]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  AuthenticatedSession owner(mstr::test::analyst_config(mock));
  mstr::AuthConfig config;
  config.base_url = Credential::value(mock.base_url());
  config.identity_token = Credential::value(owner->create_identity_token());
  config.plugins = mstr::test::builtin_plugins();
  AuthenticatedSession delegated(config);
  REQUIRE(delegated.mode() == "identity");
  REQUIRE(whoami(delegated.session()) == "analyst");

  server.expire_all_sessions();
  server.reset_counters();
  try {
    delegated->get("sessions");
    FAIL("a delegated session logged in again");
  } catch (const mstr::SessionException& error) {
    CHECK_THAT(error.what(), Catch::Contains("cannot log in again") && Catch::Contains("identity"));
  }
  CHECK(server.requests_to("POST", "auth/delegate") == 0);
  CHECK(server.requests_to("GET", "sessions") == 1);
  CHECK_THROWS_AS(delegated.relogin(), mstr::SessionException);
}

TEST_CASE("only an open AuthenticatedSession heals", "[healing]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();

  SECTION("a bare Session has nobody to log it in again") {
    mstr::Session session(mock.base_url());
    mstr::test::login_analyst(session);
    server.expire_all_sessions();
    server.reset_counters();
    CHECK_THROWS_AS(session.get("sessions"), mstr::SessionException);
    CHECK(server.requests_to("POST", "auth/login") == 0);
  }
  SECTION("a closed one stays closed") {
    AuthenticatedSession auth(mstr::test::analyst_config(mock));
    auth.close();
    server.reset_counters();
    CHECK_THROWS_AS(auth->get("sessions"), mstr::SessionException);
    CHECK(server.requests_to("POST", "auth/login") == 0);
  }
  SECTION("a wrong login is not an expiry: it is not retried") {
    AuthenticatedSession auth(mstr::test::analyst_config(mock));
    server.reset_counters();
    CHECK_THROWS_AS(auth->login(mstr::test::login_params("analyst", "wrong")), mstr::LoginFailureException);
    CHECK(server.requests_to("POST", "auth/login") == 1);
  }
  SECTION("closing a session the server already forgot is quiet") {
    AuthenticatedSession auth(mstr::test::analyst_config(mock));
    server.expire_all_sessions();
    CHECK_NOTHROW(auth.close());
  }
}

TEST_CASE("keep-alive extends an idle session before the server's timeout", "[healing][keep-alive]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  // Keep-alive every 250 ms against a 2 s timeout: a loaded machine may delay a beat by far more
  // than the beat itself without the session expiring.
  server.set_session_timeout(2000ms);

  SECTION("with keep-alive the first login lasts") {
    mstr::AuthConfig config = mstr::test::analyst_config(mock);
    config.keep_alive = 250ms;
    AuthenticatedSession auth(config);
    server.reset_counters();
    std::this_thread::sleep_for(3000ms);
    CHECK(auth->get("sessions").ok());
    CHECK(server.requests_to("POST", "auth/login") == 0);
    CHECK(server.requests_to("PUT", "sessions") >= 4);
  }
  SECTION("without it the idle session expires and heals on its next request") {
    AuthenticatedSession auth(mstr::test::analyst_config(mock));
    server.reset_counters();
    std::this_thread::sleep_for(2200ms);
    CHECK(auth->get("sessions").ok());
    CHECK(server.requests_to("POST", "auth/login") == 1);
    CHECK(server.requests_to("PUT", "sessions") == 0);
  }
  SECTION("a keep-alive interval that is not positive is refused") {
    mstr::AuthConfig config = mstr::test::analyst_config(mock);
    config.keep_alive = 0ms;
    CHECK_THROWS_AS(AuthenticatedSession(config), mstr::ConfigurationError);
  }
}

TEST_CASE("a saved session resumes in another AuthenticatedSession and heals there", "[healing][saved]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  std::string saved;
  {
    mstr::AuthConfig config = mstr::test::analyst_config(mock);
    config.keep_server_session = true;
    AuthenticatedSession first(config);
    saved = first.save();
    CHECK_FALSE(first.resumed());
  }
  CHECK(server.requests_to("POST", "auth/logout") == 0);  // kept for the next process
  CHECK(server.active_sessions() == 1);

  mstr::AuthConfig config = mstr::test::analyst_config(mock);
  config.saved_session = saved;
  {
    AuthenticatedSession resumed(config);
    CHECK(resumed.resumed());
    CHECK(whoami(resumed.session()) == "analyst");
    CHECK(server.requests_to("POST", "auth/login") == 1);
  }
  CHECK(server.requests_to("POST", "auth/logout") == 1);  // keep_server_session unset: logged out

  server.expire_all_sessions();
  AuthenticatedSession healed(config);  // the saved token is gone: one new login at the same server
  CHECK(healed.relogin_count() == 1);
  CHECK(server.requests_to("POST", "auth/login") == 2);
}

TEST_CASE("a saved session is bound to its server", "[healing][saved][security]") {
  mstr::test::MockServerFixture mock;
  mstr::test::MockServerFixture other;
  mstr::AuthConfig config = mstr::test::analyst_config(mock);
  config.keep_server_session = true;
  const std::string saved = AuthenticatedSession(config).save();

  SECTION("another configured server logs in afresh there and never receives the saved token") {
    mstr::AuthConfig elsewhere = mstr::test::analyst_config(other);
    elsewhere.saved_session = saved;
    mock.server().reset_counters();
    AuthenticatedSession session(elsewhere);
    CHECK_FALSE(session.resumed());
    CHECK(mock.server().requests() == 0);
    CHECK(other.server().requests_to("POST", "auth/login") == 1);
  }
  SECTION("without a configured server it resumes, but never sends the credentials there") {
    mstr::AuthConfig unbound = mstr::test::analyst_config(mock);
    unbound.base_url = Credential::value(std::string{});
    unbound.saved_session = saved;
    AuthenticatedSession session(unbound);
    CHECK(session.resumed());
    mock.server().expire_all_sessions();
    CHECK_THROWS_AS(session->get("sessions"), mstr::SessionException);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  }
  SECTION("a document that is not a saved session is a configuration error") {
    mstr::AuthConfig broken = mstr::test::analyst_config(mock);
    broken.saved_session = R"({"format": "something-else"})";
    CHECK_THROWS_AS(AuthenticatedSession(broken), mstr::ConfigurationError);
  }
}
