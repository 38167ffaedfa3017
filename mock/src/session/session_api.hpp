#pragma once
// The Library REST API below /MicroStrategyLibrary/api/: the session family's own endpoints (auth,
// sessions, projects, status) and the router that hands every other family (data/) its paths after
// checking the session.

#include "../mock_exchange.hpp"
#include "../server_state.hpp"

namespace mstr::mock::internal {

MockResponse handle_library_request(ServerState& state, const MockRequest& request);

}  // namespace mstr::mock::internal
