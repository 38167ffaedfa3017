#pragma once
// The commands of `mstr`, one function each, declared in cli_spec.cpp. Options that do not apply
// to a command are refused before it runs; each checks its own operands and option values, writes its
// result to `out` and returns normally on success; failures are thrown (see exit_codes.hpp).

#include "cli_context.hpp"
#include "command_line.hpp"

#include <iosfwd>

namespace mstr::cli {

void run_request(CliContext& context, const CommandLine& line, std::ostream& out);
void run_projects(CliContext& context, const CommandLine& line, std::ostream& out);
void run_whoami(CliContext& context, const CommandLine& line, std::ostream& out);
void run_session(CliContext& context, const CommandLine& line, std::ostream& out);
void run_identity_token(CliContext& context, const CommandLine& line, std::ostream& out);
void run_login(CliContext& context, const CommandLine& line, std::ostream& out);
void run_logout(CliContext& context, const CommandLine& line, std::ostream& out);
void run_plugins(CliContext& context, const CommandLine& line, std::ostream& out);
void run_report(CliContext& context, const CommandLine& line, std::ostream& out);
void run_cube(CliContext& context, const CommandLine& line, std::ostream& out);
void run_resolve(CliContext& context, const CommandLine& line, std::ostream& out);
void run_dataset(CliContext& context, const CommandLine& line, std::ostream& out);
void run_help(CliContext& context, const CommandLine& line, std::ostream& out);
void run_completion(CliContext& context, const CommandLine& line, std::ostream& out);
void run_version(CliContext& context, const CommandLine& line, std::ostream& out);
void run_configure(CliContext& context, const CommandLine& line, std::ostream& out);
void run_plugin_test(CliContext& context, const CommandLine& line, std::ostream& out);
void run_users(CliContext& context, const CommandLine& line, std::ostream& out);
void run_groups(CliContext& context, const CommandLine& line, std::ostream& out);
void run_nodes(CliContext& context, const CommandLine& line, std::ostream& out);
void run_acl(CliContext& context, const CommandLine& line, std::ostream& out);
void run_roles(CliContext& context, const CommandLine& line, std::ostream& out);
void run_search(CliContext& context, const CommandLine& line, std::ostream& out);
void run_folders(CliContext& context, const CommandLine& line, std::ostream& out);
void run_connections(CliContext& context, const CommandLine& line, std::ostream& out);
void run_jobs(CliContext& context, const CommandLine& line, std::ostream& out);

}  // namespace mstr::cli
