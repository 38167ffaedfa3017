#include "report_api.hpp"

namespace mstr::mock::internal {

std::optional<MockResponse> handle_report_request(ServerState&, const MockRequest&, const SessionRecord&) {
  return std::nullopt;
}

}  // namespace mstr::mock::internal
