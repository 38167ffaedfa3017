#pragma once
// Core dumps hold whatever the process had in memory, resolved secrets and session tokens
// included. Secret buffers are kept out of dumps where the platform allows (see SecretValue), but
// the strings a host builds from them are not; a host that handles credentials can turn dumps off.

namespace mstr {

// Turns core dumps off for this process: the core file size limit becomes 0 (RLIMIT_CORE) and, on
// Linux, the process is marked not dumpable (PR_SET_DUMPABLE 0), which also keeps other processes
// of the same user from attaching a debugger to it. Returns false when either step failed. The
// `mstr` CLI calls it at start-up unless MSTR_ALLOW_CORE_DUMPS=1.
bool disable_core_dumps() noexcept;

}  // namespace mstr
