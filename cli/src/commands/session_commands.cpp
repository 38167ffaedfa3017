// The commands that work on the logged-in session: whoami, session info|extend,
// identity-token, login and logout.
#include "commands/commands.hpp"

#include "exit_codes.hpp"
#include "output.hpp"
#include "output_target.hpp"

#include <ostream>

namespace mstr::cli {

void run_whoami(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  print_object(out, context.session().user_info().raw, format);
}

void run_session(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 1);
  const std::string& action = line.operands[0];
  if (action == "info") {
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    print_object(out, context.session().get_session_info(), format);
  } else if (action == "extend") {
    if (line.format) throw UsageError("--format does not apply to session extend");
    context.session().extend_session();
    out << "session extended\n";
  } else {
    throw UsageError("unknown session action '" + action + "' (info or extend)");
  }
}

void run_identity_token(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  // Printing the token is the point: the user hands it to the program that will delegate.
  out << context.session().create_identity_token().reveal() << '\n';
}

void run_login(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  if (!context.options().session_file) {
    throw UsageError("login needs --session-file: without one, the session would end with this command");
  }
  const Session& session = context.session();
  const std::string user = context.username();
  out << (context.reused_session() ? "already logged in" : "logged in") << (user.empty() ? "" : " as " + user) << " ("
      << context.auth_mode() << ") on " << session.base_url() << "; session saved in "
      << *context.options().session_file << '\n';
}

void run_logout(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  context.logout();
  out << "logged out\n";
}

}  // namespace mstr::cli
