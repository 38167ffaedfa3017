#pragma once
// The /__mock/ endpoints: fault injection and counters for tests that drive the executable.

#include "mock_exchange.hpp"
#include "server_state.hpp"

namespace mstr::mock::internal {

MockResponse handle_control_request(ServerState& state, const MockRequest& request);

}  // namespace mstr::mock::internal
