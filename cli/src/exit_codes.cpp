#include "exit_codes.hpp"

#include <mstr/errors.hpp>

#include <Poco/Exception.h>

#include <exception>
#include <sstream>

namespace mstr::cli {
namespace {

// Server messages and excerpts may span lines; stderr gets exactly one.
std::string one_line(std::string_view text) {
  std::string line;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      pending_space = !line.empty();
      continue;
    }
    if (pending_space && c != ' ') line += ' ';
    pending_space = false;
    line += c;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

const std::vector<ExitCodeMeaning>& exit_code_meanings() {
  static const std::vector<ExitCodeMeaning> meanings = {
      {ExitCode::ok, "success"},
      {ExitCode::internal, "unexpected internal failure"},
      {ExitCode::usage, "usage: bad command line, option, profile, or a credential that is not a known reference"},
      {ExitCode::credential,
       "a credential reference could not be resolved, or a plugin failed (crashed, exited, timed out)"},
      {ExitCode::login, "the server refused the login"},
      {ExitCode::server, "any other error response from the server, or a redirect (never followed)"},
      {ExitCode::network, "network or TLS failure: refused, unreachable, timed out, dropped, truncated or too large"},
      {ExitCode::output, "the output could not be written: standard output or the -o file (a full disk, ...)"},
      {ExitCode::partial,
       "partial success: some rows or items failed and the others were done (users import, jobs cancel, "
       "connections disconnect); each is reported on its own line"},
      {ExitCode::interrupted, "interrupted by SIGINT (Ctrl-C); the session was logged out"},
      {ExitCode::terminated, "ended by SIGTERM; the session was logged out"},
  };
  return meanings;
}

std::string describe_server_error(const ServerErrorDetails& details) {
  std::ostringstream out;
  if (!details.code.empty()) {
    out << details.code;
    if (details.http_status != 0) out << " (HTTP " << details.http_status << ")";
  } else if (details.http_status != 0) {
    out << "HTTP " << details.http_status;
  } else {
    out << "session error";
  }
  if (!details.message.empty()) {
    out << ": " << one_line(details.message);
  } else if (!details.body_excerpt.empty()) {
    out << ": " << one_line(details.body_excerpt);
  }
  std::string extra;
  if (!details.ticket_id.empty()) extra += "ticketId " + details.ticket_id;
  if (details.iserver_code) {
    if (!extra.empty()) extra += ", ";
    extra += "iServerCode " + std::to_string(*details.iserver_code);
    if (!details.iserver_name.empty()) extra += " " + details.iserver_name;
  }
  if (!extra.empty()) out << " [" << extra << "]";
  return out.str();
}

Failure classify_current_exception() {
  try {
    throw;
  } catch (const CliError& e) {
    return {e.code(), one_line(e.what())};
  } catch (const MstrTimeoutError& e) {
    return {ExitCode::server, "timed out on the server: " + describe_server_error(e.details())};
  } catch (const LoginFailureException& e) {
    return {ExitCode::login, "login failed: " + describe_server_error(e.details())};
  } catch (const MSTRException& e) {
    return {ExitCode::server, "server error: " + describe_server_error(e.details())};
  } catch (const CredentialError& e) {
    return {ExitCode::credential, one_line(e.what())};
  } catch (const PluginError& e) {
    return {ExitCode::credential, "plugin failure: " + one_line(e.what())};
  } catch (const ConfigurationError& e) {
    return {ExitCode::usage, one_line(e.what())};
  } catch (const TlsError& e) {
    return {ExitCode::network, "TLS failure: " + one_line(e.what())};
  } catch (const TimeoutError& e) {
    return {ExitCode::network, "timed out: " + one_line(e.what())};
  } catch (const TransportError& e) {
    return {ExitCode::network, "network failure: " + one_line(e.what())};
  } catch (const Error& e) {
    return {ExitCode::server, one_line(e.what())};
  } catch (const Poco::Exception& e) {
    return {ExitCode::internal, "unexpected failure: " + one_line(e.displayText())};
  } catch (const std::exception& e) {
    return {ExitCode::internal, "unexpected failure: " + one_line(e.what())};
  } catch (...) {
    return {ExitCode::internal, "unexpected failure of an unknown kind"};
  }
}

}  // namespace mstr::cli
