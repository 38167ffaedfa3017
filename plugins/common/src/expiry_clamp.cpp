#include <plugin_common/expiry_clamp.hpp>

#include <mstr/sdk/rfc3339.hpp>

#include <algorithm>

namespace mstr::internal::common {
namespace {

using std::chrono::system_clock;

system_clock::time_point from_microseconds(std::int64_t micros) {
  const std::int64_t latest = std::chrono::duration_cast<std::chrono::microseconds>(kLatestExpiry).count();
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(std::chrono::microseconds(std::clamp<std::int64_t>(micros, 0, latest))));
}

}  // namespace

system_clock::time_point expiry_at(std::int64_t epoch_seconds) {
  return system_clock::time_point(
      std::chrono::seconds(std::clamp<std::int64_t>(epoch_seconds, 0, kLatestExpiry.count())));
}

system_clock::time_point expiry_at_microseconds(std::int64_t epoch_microseconds) {
  return from_microseconds(epoch_microseconds);
}

std::optional<system_clock::time_point> expiry_at_rfc3339(std::string_view text) {
  const auto parsed = parse_rfc3339(text);
  if (!parsed) return std::nullopt;
  return from_microseconds(parsed->time_since_epoch().count());
}

system_clock::time_point expiry_after(system_clock::time_point now, std::int64_t lifetime_seconds) {
  const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t room = std::max<std::int64_t>(0, kLatestExpiry.count() - now_seconds);
  return now + std::chrono::seconds(std::clamp<std::int64_t>(lifetime_seconds, 0, room));
}

}  // namespace mstr::internal::common
