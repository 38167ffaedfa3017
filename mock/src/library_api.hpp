#pragma once
// The Library REST API endpoints the mock serves, below /MicroStrategyLibrary/api/.

#include "mock_exchange.hpp"
#include "server_state.hpp"

namespace mstr::mock::internal {

MockResponse handle_library_request(ServerState& state, const MockRequest& request);

}  // namespace mstr::mock::internal
