#pragma once
// Report and cube instances the mock has run. An instance belongs to the session that ran it and is
// forgotten with it, as on a real Intelligence Server.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "data_catalog.hpp"

namespace mstr::mock::internal {

struct ReportInstance {
  std::string table_id;
  std::string session_token;
  bool answered = true;       // false while a prompted report waits for its answers
  std::size_t top_n = 0;      // the prompted report's answer
  bool status_polled = false;  // the first status poll after the answers is a 202
  std::string body;            // the instance POST's body: requestedObjects, viewFilter
  std::shared_ptr<const MockTable> view;  // the rows and columns the body asked for; null until known
};

class ReportInstances {
 public:
  void put(const std::string& id, ReportInstance instance) {
    std::lock_guard lock(mutex_);
    // A bound, so a client running instances forever cannot grow the mock without end.
    if (instances_.size() >= kMaxInstances) instances_.erase(instances_.begin());
    instances_[id] = std::move(instance);
  }
  // The instance, when it exists and belongs to `session_token`.
  std::optional<ReportInstance> find(const std::string& id, const std::string& session_token) const {
    std::lock_guard lock(mutex_);
    auto it = instances_.find(id);
    if (it == instances_.end() || it->second.session_token != session_token) return std::nullopt;
    return it->second;
  }
  void update(const std::string& id, const ReportInstance& instance) {
    std::lock_guard lock(mutex_);
    if (auto it = instances_.find(id); it != instances_.end()) it->second = instance;
  }

 private:
  static constexpr std::size_t kMaxInstances = 10000;
  mutable std::mutex mutex_;
  std::map<std::string, ReportInstance> instances_;
};

}  // namespace mstr::mock::internal
