#pragma once
// Memory for secret bytes only: pages mapped for secrets alone, left out of core dumps
// (MADV_DONTDUMP) and locked against swapping (mlock) where the platform and RLIMIT_MEMLOCK allow.
// Small secrets share pages in slots of one size per page; a page is unmapped when its last slot
// is freed. Failing to exclude or lock a page is not an error: the secret is still wiped on free.

#include <cstddef>

namespace mstr::internal {

// `size` bytes (at least 1) in secret memory. Throws std::bad_alloc when no page can be mapped.
char* allocate_secret(std::size_t size);

// Gives back what allocate_secret(size) returned. The caller wipes the bytes first.
void release_secret(char* data, std::size_t size) noexcept;

}  // namespace mstr::internal
