#include "secret_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace mstr::internal {
namespace {

constexpr std::size_t smallest_slot = 32;

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t slot_size(std::size_t size) { return std::max(smallest_slot, std::bit_ceil(size)); }

struct Page {
  std::size_t length;      // bytes mapped
  std::size_t slot;        // bytes per slot; == length for a secret that has the mapping to itself
  std::vector<bool> used;  // one entry per slot
  std::size_t in_use = 0;
};

class SecretPages {
 public:
  char* allocate(std::size_t size) {
    const std::size_t slot = slot_size(size);
    std::lock_guard lock(mutex_);
    if (slot <= page_size() / 2) {
      for (auto& [address, page] : pages_) {
        if (page.slot != slot || page.in_use == page.used.size()) continue;
        const auto free_slot = std::find(page.used.begin(), page.used.end(), false);
        page.used[static_cast<std::size_t>(free_slot - page.used.begin())] = true;
        ++page.in_use;
        return reinterpret_cast<char*>(address + static_cast<std::size_t>(free_slot - page.used.begin()) * slot);
      }
      char* data = map(page_size());
      Page page{page_size(), slot, std::vector<bool>(page_size() / slot, false)};
      page.used[0] = true;
      page.in_use = 1;
      pages_.emplace(reinterpret_cast<std::uintptr_t>(data), std::move(page));
      return data;
    }
    const std::size_t length = (size + page_size() - 1) / page_size() * page_size();
    char* data = map(length);
    pages_.emplace(reinterpret_cast<std::uintptr_t>(data), Page{length, length, std::vector<bool>{true}, 1});
    return data;
  }

  void release(char* data) noexcept {
    const auto address = reinterpret_cast<std::uintptr_t>(data);
    std::lock_guard lock(mutex_);
    // Slots never straddle pages, so the page a slot lies in is where it was allocated.
    auto found = pages_.find(address & ~(page_size() - 1));
    if (found == pages_.end()) return;
    Page& page = found->second;
    const std::size_t index = (address - found->first) / page.slot;
    if (index >= page.used.size() || !page.used[index]) return;
    page.used[index] = false;
    if (--page.in_use > 0) return;
    ::munlock(reinterpret_cast<void*>(found->first), page.length);
    ::munmap(reinterpret_cast<void*>(found->first), page.length);
    pages_.erase(found);
  }

 private:
  static char* map(std::size_t length) {
    void* data = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_DONTDUMP)
    ::madvise(data, length, MADV_DONTDUMP);
#endif
    // Fails under a small RLIMIT_MEMLOCK; the page then may be swapped, but is still wiped on free.
    ::mlock(data, length);
    return static_cast<char*>(data);
  }

  std::mutex mutex_;
  std::map<std::uintptr_t, Page> pages_;
};

SecretPages& secret_pages() {
  // Never destroyed: secrets in static objects may be freed after every other static is gone.
  static SecretPages* pages = new SecretPages;
  return *pages;
}

}  // namespace

char* allocate_secret(std::size_t size) { return secret_pages().allocate(std::max<std::size_t>(size, 1)); }

void release_secret(char* data, std::size_t) noexcept {
  if (data != nullptr) secret_pages().release(data);
}

}  // namespace mstr::internal
