#pragma once
// Writing JSON text without a JSON library: what a plugin needs to build a small request body, such
// as a login's, and nothing a caller must link beyond libmstr-sdk.

#include <mstr/sdk/toolchain_check.hpp>

#include <string>
#include <string_view>

namespace mstr {

// Appends `text` to `out` as a JSON string, quotes included: '"', '\' and control characters are
// escaped; bytes from 0x80 up pass as they are, so UTF-8 stays UTF-8. Reserve room in `out` first
// when `text` is a secret: a string that grows frees buffers with the secret still in them.
void append_json_string(std::string& out, std::string_view text);

}  // namespace mstr
