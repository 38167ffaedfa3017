#pragma once
// The result of a call that acts on several items at once (cancelling jobs, ending connections,
// adding members), as mstrio-py returns it: Success when every item succeeded, PartialSuccess
// when some did not (a 207 multi-status from the server), each carrying the items.

#include <string>
#include <variant>
#include <vector>

namespace mstr {

struct BulkItem {
  std::string id;
  int status = 0;       // the item's HTTP status
  std::string code;     // ERRnnn, when the server gave one
  std::string message;
};

struct Success {
  std::vector<BulkItem> succeeded;
  explicit operator bool() const noexcept { return true; }
};

struct PartialSuccess {
  std::vector<BulkItem> succeeded;
  std::vector<BulkItem> failed;
  explicit operator bool() const noexcept { return false; }
};

using BulkResult = std::variant<Success, PartialSuccess>;

inline bool all_succeeded(const BulkResult& result) { return std::holds_alternative<Success>(result); }
inline const std::vector<BulkItem>& succeeded(const BulkResult& result) {
  return std::visit([](const auto& r) -> const std::vector<BulkItem>& { return r.succeeded; }, result);
}
inline std::vector<BulkItem> failed(const BulkResult& result) {
  if (const auto* partial = std::get_if<PartialSuccess>(&result)) return partial->failed;
  return {};
}

}  // namespace mstr
