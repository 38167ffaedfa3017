#include "plugins/plugin_crash_report.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace mstr::internal {
namespace {

constexpr std::array<int, 5> kFatalSignals{SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

// The signal handler reads these without locking, so they are fixed buffers written only under
// g_mutex before the handlers are armed for them; a torn name in a racing report is acceptable.
char g_plugin[128];
char g_activity[256];

std::atomic<bool> g_enabled{true};
std::mutex g_mutex;
int g_active = 0;  // scopes alive in any thread; guarded by g_mutex
std::array<struct sigaction, kFatalSignals.size()> g_previous{};

// exit() runs atexit handlers on the calling thread, so only that thread's scopes count: a host
// leaving main() while an abandoned plugin thread still runs is not the plugin's exit().
thread_local int t_active = 0;

void copy_text(char* into, std::size_t capacity, std::string_view text) {
  const std::size_t length = std::min(text.size(), capacity - 1);
  std::memcpy(into, text.data(), length);
  into[length] = '\0';
}

void write_text(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t written = ::write(STDERR_FILENO, text, left);
    if (written <= 0) return;
    text += written;
    left -= static_cast<std::size_t>(written);
  }
}

const char* signal_text(int signal_number) {
  switch (signal_number) {
    case SIGSEGV:
      return "crashed with SIGSEGV";
    case SIGBUS:
      return "crashed with SIGBUS";
    case SIGILL:
      return "crashed with SIGILL";
    case SIGFPE:
      return "crashed with SIGFPE";
    case SIGABRT:
      return "called abort() (SIGABRT)";
    default:
      return "crashed";
  }
}

// Only async-signal-safe calls from here on: write() and _exit().
[[noreturn]] void report_and_end(const char* event) {
  write_text("mstr: error: plugin '");
  write_text(g_plugin);
  write_text("' ");
  write_text(event);
  write_text(" while ");
  write_text(g_activity);
  write_text(
      "; the process cannot continue (run credential providers isolated to survive such a plugin: "
      "--isolate-plugins or MSTR_PLUGIN_ISOLATION=process)\n");
  ::_exit(kPluginCrashExitStatus);
}

void on_fatal_signal(int signal_number, siginfo_t* info, void*) {
  // Sent by another process (kill, a debugger): not the plugin's doing. The action is back to the
  // default (SA_RESETHAND), so the signal raised again ends the process as it would have without
  // the plugin, core file and all when dumps are allowed.
  if (info != nullptr && info->si_code <= 0 && info->si_pid != ::getpid()) {
    ::raise(signal_number);
    return;
  }
  report_and_end(signal_text(signal_number));
}

void on_exit() {
  if (t_active > 0) report_and_end("called exit()");
}

void arm() {
  struct sigaction action {};
  action.sa_sigaction = &on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_SIGINFO;
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i)
    ::sigaction(kFatalSignals[i], &action, &g_previous[i]);
}

void disarm() {
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i)
    ::sigaction(kFatalSignals[i], &g_previous[i], nullptr);
}

}  // namespace

void disable_plugin_crash_reports() noexcept { g_enabled = false; }

PluginCodeScope::PluginCodeScope(std::string_view plugin, std::string_view activity) {
  if (!g_enabled) return;
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(&on_exit); });
  std::lock_guard lock(g_mutex);
  copy_text(g_plugin, sizeof g_plugin, plugin);
  copy_text(g_activity, sizeof g_activity, activity);
  if (g_active++ == 0) arm();
  ++t_active;
}

PluginCodeScope::~PluginCodeScope() {
  if (!g_enabled) return;
  std::lock_guard lock(g_mutex);
  --t_active;
  if (--g_active == 0) disarm();
}

}  // namespace mstr::internal
