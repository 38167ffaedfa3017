#pragma once
// Cube publishing as the mock plays it: a publish (POST v2/cubes/{id}) is "processing" for the next
// two status reads of that cube, then done, so a client that polls sees a publish take a moment
// without the mock depending on the clock. The cube that never finishes stays processing.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace mstr::mock::internal {

// EnumDSSCubeStates bits (library-data-api.md section 14).
inline constexpr int kCubeProcessing = 1;
inline constexpr int kCubeReady = 64;

class CubeStates {
 public:
  static constexpr int kProcessingReads = 2;

  // Starts a publish; returns its job number.
  std::uint64_t publish(const std::string& cube_id, bool never_finishes) {
    std::lock_guard lock(mutex_);
    Publish& state = cubes_[cube_id];
    state.reads_left = never_finishes ? -1 : kProcessingReads;
    ++state.publishes;
    return ++jobs_;
  }
  // The X-MSTR-CubeStatus of a cube read now; counts the read against a running publish.
  int read_status(const std::string& cube_id) {
    std::lock_guard lock(mutex_);
    auto it = cubes_.find(cube_id);
    if (it == cubes_.end() || it->second.reads_left == 0) return kCubeReady;
    if (it->second.reads_left > 0) --it->second.reads_left;
    return kCubeReady | kCubeProcessing;  // READY stays set from the previous publish
  }
  std::size_t publishes(const std::string& cube_id) const {
    std::lock_guard lock(mutex_);
    auto it = cubes_.find(cube_id);
    return it == cubes_.end() ? 0 : it->second.publishes;
  }

 private:
  struct Publish {
    int reads_left = 0;  // -1: never finishes
    std::size_t publishes = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Publish> cubes_;
  std::uint64_t jobs_ = 0;
};

}  // namespace mstr::mock::internal
