#include <mstr/core_dumps.hpp>

#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace mstr {

bool disable_core_dumps() noexcept {
  const rlimit none{0, 0};
  bool done = ::setrlimit(RLIMIT_CORE, &none) == 0;
#if defined(__linux__)
  // A pipe in /proc/sys/kernel/core_pattern (systemd-coredump, apport) ignores RLIMIT_CORE; the
  // dumpable flag stops those too.
  done = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && done;
#endif
  return done;
}

}  // namespace mstr
