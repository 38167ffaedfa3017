#pragma once
// A --config profile: a JSON object holding the global options, e.g.
//   {"base_url": "https://host/MicroStrategyLibrary/api/", "username": "env:MSTR_USER",
//    "password": "aws-sm:prod/mstr#password", "plugin_dirs": ["/opt/mstr/plugins"]}
// Options given on the command line win over the profile's.

#include "command_line.hpp"

#include <string>

namespace mstr::cli {

// Throws UsageError naming the file and the problem: unreadable, not JSON, an unknown key (a typo
// would otherwise be ignored silently), or a value of the wrong type.
GlobalOptions load_profile(const std::string& path);

// `flags` over `profile`: each option set on the command line replaces the profile's.
GlobalOptions merge_options(const GlobalOptions& flags, const GlobalOptions& profile);

}  // namespace mstr::cli
