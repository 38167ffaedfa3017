#pragma once
// A --config profile: a JSON object holding the global options, e.g.
//   {"base_url": "https://host/MicroStrategyLibrary/api/", "username": "env:MSTR_USER",
//    "password": "aws-sm:prod/mstr#password", "plugin_dirs": ["/opt/mstr/plugins"]}
// Options given on the command line win over the profile's.

#include "command_line.hpp"

#include <Poco/JSON/Object.h>

#include <string>

namespace mstr::cli {

// Throws UsageError naming the file and the problem: unreadable, not JSON, an unknown key (a typo
// would otherwise be ignored silently), or a value of the wrong type.
GlobalOptions load_profile(const std::string& path);

// The named profiles file: $XDG_CONFIG_HOME/mstr/config.json (default ~/.config/mstr/config.json),
//   {"profiles": {"NAME": {...the --config keys...}}, "default_profile": "NAME"}
std::string profiles_file_path();

// The profile `name` (from --profile or MSTR_PROFILE), else the file's default_profile, else no
// options at all. Throws UsageError when the file is writable by group or others (anyone who can
// edit it chooses the server the credentials go to), malformed, or lacks the profile asked for.
GlobalOptions load_named_profile(const std::optional<std::string>& name);

// The profiles file's document, or an empty object when there is none yet. Throws UsageError as
// load_named_profile() does for a file others can write or one that is malformed.
Poco::JSON::Object::Ptr read_profiles_file();

// Sets profile `name` to `profile` in the profiles file (made, with its directory, when missing) and
// makes it the default_profile when none is. Written whole through a temporary file, mode 0600.
void save_named_profile(const std::string& name, const Poco::JSON::Object::Ptr& profile);

// The names in the profiles file, for completion: empty when it is missing or unusable.
std::vector<std::string> profile_names();

// `flags` over `profile`: each option set on the command line replaces the profile's.
GlobalOptions merge_options(const GlobalOptions& flags, const GlobalOptions& profile);

}  // namespace mstr::cli
