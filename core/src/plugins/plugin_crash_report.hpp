#pragma once
// Reports a plugin that takes the whole process down while its code runs in process.
//
// A segfault, abort() or exit() inside a plugin cannot be survived in process (process isolation
// is the way to survive it), but the host can say what happened instead of dying silently or
// exiting 0. While a PluginCodeScope is alive, SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT, and an
// exit() called on the scope's own thread, write one line to stderr naming the plugin and the event
// and end the process with kPluginCrashExitStatus. Outside every scope the handlers a host had are
// back in place.

#include <string_view>

namespace mstr::internal {

// The status a process ends with after such a report: the CLI's exit code for a plugin failure.
inline constexpr int kPluginCrashExitStatus = 3;

// For mstr-plugin-host: its parent reads how it ended (the signal or exit status), so scopes stop
// reporting and leave the default dispositions in place. Call before any plugin code runs.
void disable_plugin_crash_reports() noexcept;

class PluginCodeScope {
 public:
  // `plugin` names the plugin (or its file before its name is known); `activity` says what it was
  // doing ("loading", "fetching"). Both are truncated to fit fixed buffers.
  PluginCodeScope(std::string_view plugin, std::string_view activity);
  ~PluginCodeScope();
  PluginCodeScope(const PluginCodeScope&) = delete;
  PluginCodeScope& operator=(const PluginCodeScope&) = delete;
};

}  // namespace mstr::internal
