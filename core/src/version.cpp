#include <mstr/version.hpp>

namespace mstr {

const char* version() noexcept { return MSTR_VERSION; }

}  // namespace mstr
