#pragma once
// CRC-32C (Castagnoli), the checksum Secret Manager sends as payload.dataCrc32c.

#include <cstdint>
#include <string_view>

namespace mstr::internal::gcp {

std::uint32_t crc32c(std::string_view data) noexcept;

}  // namespace mstr::internal::gcp
