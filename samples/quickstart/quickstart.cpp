// mstr-quickstart: a first tour of the SDK against a Library server.
//
//   mstr-quickstart BASE_URL
//
// Logs in with an AuthenticatedSession, lists the projects, shows the user and the session, extends
// the session, creates an identity token and logs out. The user name and password come from the
// MSTR_USERNAME and MSTR_PASSWORD environment variables when they are set (as `env:` references,
// resolved only when the session connects); otherwise it uses the mock server's administrator
// account, so `scripts/quickstart.sh` works out of the box.
//
// Build it against an installed SDK with find_package(mstr-rest CONFIG) and target mstr::core.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>

#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// An env: reference when the variable is set, so the secret is read at login time and never copied
// into this program's configuration; the mock's default account otherwise.
mstr::Credential credential_from_env(const char* variable, const char* fallback) {
  if (std::getenv(variable) != nullptr) return mstr::Credential::reference(std::string("env:") + variable);
  return mstr::Credential::value(std::string(fallback));
}

// Prints the plain (non-nested) members of a JSON object as "  key: value" lines.
void print_fields(const Poco::JSON::Object& object) {
  for (const auto& [key, value] : object) {
    if (value.isArray() || value.type() == typeid(Poco::JSON::Object::Ptr)) continue;
    std::cout << "  " << key << ": " << value.toString() << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: mstr-quickstart BASE_URL   (e.g. http://127.0.0.1:8080/MicroStrategyLibrary/api/)\n";
    return 2;
  }

  try {
    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(std::string(argv[1]));
    config.username = credential_from_env("MSTR_USERNAME", "administrator");
    config.password = credential_from_env("MSTR_PASSWORD", "admin-pass");

    std::cout << "Logging in to " << argv[1] << " ...\n";
    auto session = mstr::AuthenticatedSession::open(std::move(config));
    std::cout << "Logged in with the '" << session.mode() << "' auth mode.\n\n";

    const auto projects = session->get_projects();
    std::cout << "Projects (" << projects.size() << "):\n";
    for (const auto& project : projects) std::cout << "  " << project.id << "  " << project.name << '\n';

    std::cout << "\nUser:\n";
    print_fields(*session->user_info().raw);

    std::cout << "\nSession:\n";
    print_fields(*session->get_session_info());

    session->extend_session();
    std::cout << "\nSession extended.\n";

    // An identity token lets another application continue this session (the `identity` auth mode).
    // It is a credential, so only its length is shown.
    const mstr::SecretValue token = session->create_identity_token();
    std::cout << "Identity token created: " << token << " (" << token.size() << " characters), "
              << (session->validate_identity_token(token) ? "accepted" : "rejected") << " by the server.\n";

    session.close();
    std::cout << "Logged out.\n";
    return 0;
  } catch (const mstr::LoginFailureException& e) {
    std::cerr << "login failed: " << e.what() << '\n';
  } catch (const mstr::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
  }
  return 1;
}
