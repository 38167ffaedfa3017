#include <mstr/sdk/gcp.hpp>

#include <catch2/catch.hpp>

TEST_CASE("gcp::secret_manager builds gcp-sm references", "[gcp][helpers]") {
  CHECK(mstr::gcp::secret_manager("p", "s").to_string() == "gcp-sm:projects/p/secrets/s/versions/latest");
  CHECK(mstr::gcp::secret_manager("p", "s", "4", "password").to_string() ==
        "gcp-sm:projects/p/secrets/s/versions/4#password");
}

TEST_CASE("fields of one SecretManagerSecret share one cache key", "[gcp][helpers]") {
  const mstr::gcp::SecretManagerSecret login("p", "mstr-login");
  const auto user = login.field("username");
  const auto password = login.field("password");
  CHECK(user.field() == "username");
  CHECK(password.to_string() == "gcp-sm:projects/p/secrets/mstr-login/versions/latest#password");
  CHECK(user.without_field() == password.without_field());
  CHECK(user.without_field() == login.reference());
  CHECK(mstr::gcp::secret_manager("p", "mstr-login", "latest", "password") == password);
}
