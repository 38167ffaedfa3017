// mstr-host-app: how a host program embeds the SDK with plugins discovered from its own directory.
//
//   MSTR_USERNAME=... MSTR_PASSWORD=... mstr-host-app BASE_URL PLUGIN_DIR
//
// The host discovers plugins from PLUGIN_DIR only (not MSTR_PLUGIN_PATH, not the default directory),
// shows what it loaded and what it refused, then opens an AuthenticatedSession whose credentials are
// `env:` references resolved by the `env` provider plugin at login time. The session logs out when it
// goes out of scope. Any provider in PLUGIN_DIR works the same way: set MSTR_PASSWORD_REF to, say,
// `aws-sm:prod/mstr#password` to read the password from a vault instead.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/plugin_registry.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

std::string reference_from_env(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mstr-host-app BASE_URL PLUGIN_DIR\n";
    return 2;
  }

  try {
    mstr::PluginSearchOptions search;
    search.directories = {argv[2]};
    search.use_environment = false;
    search.use_default_directory = false;
    const auto plugins = mstr::PluginRegistry::discover(search);

    std::cout << "Plugins loaded from " << argv[2] << ":\n";
    for (const auto& plugin : plugins->loaded()) {
      std::cout << "  " << plugin.name << " (" << plugin.kind << ")\n";
    }
    for (const auto& refused : plugins->refused()) {
      std::cout << "  refused " << refused.file.string() << ": " << refused.reason << '\n';
    }

    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(std::string(argv[1]));
    config.mode = "standard";
    config.username = mstr::Credential::reference(reference_from_env("MSTR_USERNAME_REF", "env:MSTR_USERNAME"));
    config.password = mstr::Credential::reference(reference_from_env("MSTR_PASSWORD_REF", "env:MSTR_PASSWORD"));
    config.plugins = plugins;

    mstr::AuthenticatedSession session(std::move(config));
    const auto user = session->get_userinfo();
    std::cout << "Logged in as " << user->optValue<std::string>("username", "?") << " with the '" << session.mode()
              << "' auth mode.\n";
    for (const auto& project : session->get_projects()) std::cout << "  project: " << project.name << '\n';
    // The destructor logs out here, and never throws.
    return 0;
  } catch (const mstr::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
  }
  return 1;
}
