#pragma once
// mstr::admin::Paged<T>: a listing read page by page as it is iterated (offset/limit, with the
// server's X-MSTR-Total-Count), never holding more than one page.
//
//   for (const auto& user : users.list({.name_begins = "a"})) ...   // pages fetched on demand

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

namespace mstr::admin {

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> total;  // X-MSTR-Total-Count, when the server sent it
};

template <class T>
class Paged {
 public:
  // fetch(offset, limit) asks for one page.
  using Fetch = std::function<Page<T>(std::int64_t offset, std::int64_t limit)>;

  Paged(Fetch fetch, std::int64_t page_size, std::optional<std::int64_t> limit = std::nullopt)
      : state_(std::make_shared<State>()) {
    state_->fetch = std::move(fetch);
    state_->page_size = page_size > 0 ? page_size : 1000;
    state_->limit = limit;
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    iterator() = default;
    reference operator*() const { return state_->items[index_ - state_->first]; }
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      ++index_;
      state_->ensure(index_);
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return it.at_end(); }

   private:
    friend class Paged;
    iterator(std::shared_ptr<typename Paged::State> state, std::int64_t index)
        : state_(std::move(state)), index_(index) {}
    bool at_end() const { return !state_ || !state_->has(index_); }
    std::shared_ptr<typename Paged::State> state_;
    std::int64_t index_ = 0;
  };

  // Iterating twice starts over from the first page (kept when it is the page in hand).
  iterator begin() {
    if (!state_->fetched_any || state_->first != 0) state_->restart();
    state_->ensure(0);
    return iterator(state_, 0);
  }
  std::default_sentinel_t end() const { return {}; }

  // The server's count of matches before paging (fetches the first page when none was).
  std::optional<std::int64_t> total() {
    if (!state_->fetched_any) state_->ensure(0);
    return state_->total;
  }
  // How many pages were requested so far.
  std::size_t pages_fetched() const { return state_->pages; }

  std::vector<T> to_vector() {
    std::vector<T> all;
    for (auto it = begin(); it != end(); ++it) all.push_back(*it);
    return all;
  }

 private:
  struct State {
    Fetch fetch;
    std::int64_t page_size = 1000;
    std::optional<std::int64_t> limit;
    std::vector<T> items;    // the current page
    std::int64_t first = 0;  // the index of items[0]
    bool exhausted = false;
    bool fetched_any = false;
    std::optional<std::int64_t> total;
    std::size_t pages = 0;

    void restart() {
      items.clear();
      first = 0;
      exhausted = false;
      fetched_any = false;
    }
    bool has(std::int64_t index) const {
      return index >= first && index < first + static_cast<std::int64_t>(items.size()) &&
             (!limit || index < *limit);
    }
    void ensure(std::int64_t index) {
      if (has(index) || (limit && index >= *limit)) return;
      while (!exhausted && !has(index)) {
        const std::int64_t offset = first + static_cast<std::int64_t>(items.size());
        std::int64_t want = page_size;
        if (limit) want = std::min(want, *limit - offset);
        if (want <= 0) {
          exhausted = true;
          break;
        }
        Page<T> page = fetch(offset, want);
        ++pages;
        fetched_any = true;
        if (page.total) total = page.total;
        const auto got = static_cast<std::int64_t>(page.items.size());
        first = offset;
        items = std::move(page.items);
        if (got < want || (total && offset + got >= *total) || got == 0) exhausted = true;
      }
    }
  };
  std::shared_ptr<State> state_;
};

}  // namespace mstr::admin
