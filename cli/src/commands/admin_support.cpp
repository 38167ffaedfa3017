#include "commands/admin_support.hpp"

#include "exit_codes.hpp"

#include <mstr/admin/user_groups.hpp>
#include <mstr/admin/users.hpp>
#include <mstr/errors.hpp>

#include <algorithm>
#include <cctype>

namespace mstr::cli {

bool is_object_id(const std::string& text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

namespace {

std::optional<std::string> user_id_of(Session& session, const std::string& text) {
  admin::Users users(session);
  if (is_object_id(text)) {
    try {
      return users.get(text).id;
    } catch (const ResourceNotFoundException&) {
    }
  }
  if (auto user = users.find_by_username(text)) return user->id;
  return std::nullopt;
}

std::optional<std::string> group_id_of(Session& session, const std::string& text) {
  admin::UserGroups groups(session);
  if (is_object_id(text)) {
    try {
      return groups.get(text).id;
    } catch (const ResourceNotFoundException&) {
    }
  }
  if (auto group = groups.find_by_name(text)) return group->id;
  return std::nullopt;
}

}  // namespace

std::string resolve_user(Session& session, const std::string& text) {
  if (auto id = user_id_of(session, text)) return *id;
  throw UsageError("no user has the login or id '" + text + "'");
}

std::string resolve_group(Session& session, const std::string& text) {
  if (auto id = group_id_of(session, text)) return *id;
  throw UsageError("no user group has the name or id '" + text + "'");
}

std::string resolve_trustee(Session& session, const std::string& text) {
  if (text.rfind("user:", 0) == 0) return resolve_user(session, text.substr(5));
  if (text.rfind("group:", 0) == 0) return resolve_group(session, text.substr(6));
  const auto user = user_id_of(session, text);
  const auto group = group_id_of(session, text);
  if (user && group) {
    throw UsageError("'" + text + "' is both a user (" + *user + ") and a group (" + *group +
                     "); say user:" + text + " or group:" + text);
  }
  if (user) return *user;
  if (group) return *group;
  throw UsageError("no user or group has the name or id '" + text + "'");
}

void require_yes(const CommandLine& line, const std::string& action) {
  if (!line.yes) throw UsageError(action + " changes the server and cannot be undone: add --yes to confirm (nothing was changed)");
}

std::int64_t parse_count(const std::string& text, const std::string& option, std::int64_t maximum) {
  std::int64_t value = 0;
  const bool digits = !text.empty() && text.size() <= 9 &&
                      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  if (digits) value = std::stoll(text);
  if (!digits || value < 1 || value > maximum) {
    throw UsageError(option + " takes a whole number from 1 to " + std::to_string(maximum) + "; got '" + text + "'");
  }
  return value;
}

std::string selected_project_id(Session& session, const std::string& command) {
  const auto project = session.selected_project();
  if (!project) throw UsageError(command + " needs a project: --project NAME or --project-id ID");
  return project->id;
}

}  // namespace mstr::cli
