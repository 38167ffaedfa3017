#include "usage.hpp"

namespace mstr::cli {

std::string usage_text() {
  return R"(Usage: mstr [options] COMMAND [arguments]

Talks to a MicroStrategy (Strategy) Library server through its REST API.

Commands:
  request METHOD PATH     send one request and print the body (pretty JSON when JSON)
      --data JSON|@FILE       request body (JSON, checked before sending)
      --header NAME:VALUE     extra header (repeatable)
      --project-id ID         scope the request to a project (X-MSTR-ProjectID)
      --project NAME          the same, by project name
  projects                list the projects (id and name)
  whoami                  show the logged-in user (sessions/userInfo)
  session info            show the session (GET sessions)
  session extend          extend the session (PUT sessions)
  identity-token          create an identity token for delegating this session
  plugins                 list the plugins found and the ones refused, with the reason
  resolve REF             resolve a credential reference; prints **** and the length
      --show                  print the value itself
  login                   log in and save the session (needs --session-file)
  logout                  log out and remove the session file (needs --session-file)

Options (anywhere on the line; a --config profile may hold the same, flags win):
  --base-url URL|REF      server base URL, e.g. https://host/MicroStrategyLibrary/api/
  --auth MODE             standard, ldap, identity, api-key, anonymous or a plugin's mode;
                          inferred when absent: identity token, else API key, else username,
                          else anonymous
  --username REF          credentials: references only, never values, e.g.
  --password REF            env:MSTR_PASSWORD, file:/run/secrets/mstr, stdin:, prompt:,
  --api-key REF             aws-sm:prod/mstr#password (see `mstr plugins` for the schemes)
  --identity-token REF
  --plugin-dir DIR        search DIR for plugins first (repeatable); then MSTR_PLUGIN_PATH,
                          then the default directory
  --isolate-plugins       run credential-provider plugins in a helper process, so one that
                          crashes, exits or hangs costs an error, not the command (also
                          MSTR_PLUGIN_ISOLATION=process); auth modes stay in process
  --config FILE           JSON profile: base_url, auth, username, password, api_key,
                          identity_token, plugin_dirs, session_file, ca_file, insecure,
                          timeout, verbose
  --session-file FILE     keep the session between runs (created with mode 0600); reused
                          while the server accepts it, logged in again when it has expired
  --ca-file FILE          trust the CA certificates in FILE (PEM)
  --insecure              do not verify the server's TLS certificate
  --timeout SECONDS       connect and read timeout; also bounds each credential fetch
  --verbose, -v           log what happens to stderr (never secrets)
  --help, -h              show this help
  --version               show the version

Exit codes:
  0  success
  1  unexpected internal failure
  2  usage: bad command line, option, profile, or a credential that is not a known reference
  3  a credential reference could not be resolved, or a plugin failed (crashed, exited,
     timed out)
  4  the server refused the login
  5  any other error response from the server
  6  network or TLS failure: refused, unreachable, timed out, dropped or truncated
)";
}

}  // namespace mstr::cli
