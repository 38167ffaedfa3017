// mstr configure [--profile NAME]: from nothing to a working profile. On a terminal it asks for what
// the flags did not give (the Library URL, checked with GET status; the auth mode; the user name; how
// to supply the password, as a reference, never the value), writes the profile (0600) and ends with a
// test login. Without a terminal the flags are all it takes. mstr configure list shows the profiles,
// never a secret: secrets are references in a profile, and only their scheme is shown.
#include "commands/commands.hpp"

#include "cli_context.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "output_target.hpp"
#include "profile.hpp"

#include <mstr/errors.hpp>
#include <mstr/sdk/credential_reference.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Object.h>

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>

namespace mstr::cli {
namespace {

constexpr const char* kLibraryPath = "/MicroStrategyLibrary/api/";

bool on_terminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

// One answer from the terminal; `fallback` when the line is empty. End of input is a usage error:
// nothing is written from half the answers.
std::string ask(const std::string& question, const std::string& fallback = {}) {
  std::cerr << question << (fallback.empty() ? "" : " [" + fallback + "]") << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) throw UsageError("configure: no answer to '" + question + "'; nothing was written");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line.empty() ? fallback : line;
}

bool yes(const std::string& question, bool fallback) {
  const std::string answer = ask(question + (fallback ? " (Y/n)" : " (y/N)"));
  if (answer.empty()) return fallback;
  return answer[0] == 'y' || answer[0] == 'Y';
}

// The Library's URL: http(s), ending in /MicroStrategyLibrary/api/ when the user agrees, and
// answering GET status (asked to keep it when it does not).
std::string ask_base_url(const CliContext& context) {
  for (;;) {
    std::string url = ask("Library URL (https://HOST/MicroStrategyLibrary/api/)");
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      std::cerr << "  a Library URL starts with https:// (or http:// for this machine)\n";
      continue;
    }
    if (url.find("/MicroStrategyLibrary") == std::string::npos) {
      const std::string suggested = url + (url.back() == '/' ? std::string(kLibraryPath).substr(1) : kLibraryPath);
      if (yes("  Library URLs end in " + std::string(kLibraryPath) + "; use " + suggested + "?", true)) url = suggested;
    }
    try {
      SessionOptions options = context.session_options();
      options.connect_timeout = std::chrono::seconds(5);
      options.request_timeout = std::chrono::seconds(10);
      const ServerStatus status = Session(url, options).get_status();
      std::cerr << "  the server answers (Library " << (status.web_version.empty() ? "?" : status.web_version) << ")\n";
      return url;
    } catch (const std::exception& error) {
      std::cerr << "  GET status failed: " << error.what() << '\n';
      if (yes("  keep this URL anyway?", false)) return url;
    }
  }
}

// A secret is asked for as a reference: what is typed is checked to be one with a scheme a plugin
// claims, and never echoed or stored as a value.
std::string ask_reference(CliContext& context, const std::string& what, const std::string& fallback) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::string typed = ask("How to supply the " + what +
                                      ": prompt: (ask each time), env:NAME, file:PATH or a vault reference",
                                  fallback);
    if (context.names_known_reference(typed)) return typed;
    std::cerr << "  that is not a reference to a known scheme; the " << what << " itself is never stored\n";
  }
  throw UsageError("configure: no usable reference for the " + what + "; nothing was written");
}

// The scheme of a stored reference, so a listing shows where a secret comes from and not its text.
std::string scheme_of(const std::string& reference) {
  try {
    return CredentialReference::parse(reference).scheme() + ":...";
  } catch (const std::exception&) {
    return "(not a reference)";
  }
}

void list_profiles(const CommandLine& line, std::ostream& out) {
  const Poco::JSON::Object::Ptr root = read_profiles_file();
  const Poco::JSON::Object::Ptr profiles = root->getObject("profiles");
  const std::string chosen = root->optValue<std::string>("default_profile", "");
  Listing listing{{"name", "default", "base_url", "auth", "username", "secrets from"}, {}};
  if (!profiles.isNull()) {
    for (const auto& [name, value] : *profiles) {
      const Poco::JSON::Object::Ptr profile = profiles->getObject(name);
      if (profile.isNull()) continue;
      std::string secrets;
      for (const char* key : {"password", "api_key", "identity_token"}) {
        if (!profile->has(key)) continue;
        secrets += (secrets.empty() ? "" : ", ") + std::string(key) + " " + scheme_of(profile->optValue<std::string>(key, ""));
      }
      listing.rows.push_back({name, name == chosen ? "yes" : "", profile->optValue<std::string>("base_url", ""),
                              profile->optValue<std::string>("auth", ""), profile->optValue<std::string>("username", ""),
                              secrets});
    }
  }
  print_listing(out, listing, choose_format(line.format, prints_to_terminal(line)));
}

}  // namespace

void run_configure(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() == 1 && line.operands[0] == "list") {
    list_profiles(line, out);
    return;
  }
  check_operand_count(line, 0);
  const std::string name = line.profile.value_or("default");
  GlobalOptions answers = line.global;
  const bool asking = on_terminal();
  if (!answers.base_url) {
    if (!asking) throw UsageError("configure needs --base-url URL (or a terminal to ask on)");
    answers.base_url = ask_base_url(context);
  }
  const bool named_secret = answers.password || answers.api_key || answers.identity_token;
  if (!answers.auth && asking && !named_secret) {
    answers.auth = ask("Auth mode (standard, ldap, api-key, identity, anonymous)", "standard");
  }
  const std::string mode = answers.auth.value_or(answers.api_key          ? "api-key"
                                                 : answers.identity_token ? "identity"
                                                 : answers.username || answers.password ? "standard"
                                                                                         : "anonymous");
  if (asking && (mode == "standard" || mode == "ldap")) {
    if (!answers.username) answers.username = ask("User name");
    if (!answers.password) answers.password = ask_reference(context, "password", "prompt:");
  } else if (asking && mode == "api-key" && !answers.api_key) {
    answers.api_key = ask_reference(context, "API key", "");
  } else if (asking && mode == "identity" && !answers.identity_token) {
    answers.identity_token = ask_reference(context, "identity token", "");
  }

  // The same checks as any command's: a secret given as a value is refused before anything is written.
  CliContext trial(answers);
  trial.check_credential_options();
  Poco::JSON::Object::Ptr profile = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  profile->set("base_url", *answers.base_url);
  if (answers.auth) profile->set("auth", *answers.auth);
  if (answers.username) profile->set("username", *answers.username);
  if (answers.password) profile->set("password", *answers.password);
  if (answers.api_key) profile->set("api_key", *answers.api_key);
  if (answers.identity_token) profile->set("identity_token", *answers.identity_token);
  save_named_profile(name, profile);
  out << "profile " << name << " saved in " << profiles_file_path() << '\n';

  // The test login: the profile works, or the error says why now rather than on first use.
  trial.session();
  const std::string user = trial.username();
  out << "logged in" << (user.empty() ? "" : " as " + user) << " (" << trial.auth_mode() << ") on "
      << trial.session().base_url() << ": the profile works (mstr --profile " << name << ")\n";
  trial.close();
}

}  // namespace mstr::cli
