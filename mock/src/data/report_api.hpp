#pragma once
// The data endpoints for reports and cubes: definitions, instances, pages, prompts and status.

#include "../mock_exchange.hpp"
#include "../server_state.hpp"

#include <optional>

namespace mstr::mock::internal {

// The response when `request` is a report or cube endpoint (the caller checked the session),
// nullopt when it is not one of them.
std::optional<MockResponse> handle_report_request(ServerState& state, const MockRequest& request,
                                                  const SessionRecord& session);

}  // namespace mstr::mock::internal
