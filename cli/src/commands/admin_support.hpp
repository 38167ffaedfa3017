#pragma once
// What the administration commands share: USER, GROUP and trustee arguments resolved to ids (an id
// of 32 hex digits, or a name), the --yes guard of destructive commands, counts.

#include "command_line.hpp"

#include <mstr/session.hpp>

#include <cstdint>
#include <string>

namespace mstr::cli {

bool is_object_id(const std::string& text);
// A login or id; UsageError when no user has it.
std::string resolve_user(Session& session, const std::string& text);
// A group name or id; UsageError when no group has it.
std::string resolve_group(Session& session, const std::string& text);
// "user:NAME", "group:NAME", an id, or a name that is a user's login or a group's name; a name
// that is both is refused (UsageError listing both ids).
std::string resolve_trustee(Session& session, const std::string& text);
// Throws UsageError saying `--yes` is needed, before anything is sent.
void require_yes(const CommandLine& line, const std::string& action);
// A whole number from 1 to `maximum`, for --limit, --parallel, --predefined.
std::int64_t parse_count(const std::string& text, const std::string& option, std::int64_t maximum);
// The project the command acts in: --project/--project-id (selected right after login).
std::string selected_project_id(Session& session, const std::string& command);

}  // namespace mstr::cli
