#pragma once
// The push-data endpoints (dataset models, upload sessions, publish) and the object, folder and
// monitor look-ups mstrio-py makes around them.

#include "../mock_exchange.hpp"
#include "../server_state.hpp"

#include <optional>

namespace mstr::mock::internal {

// The response when `request` is a dataset, object, folder or monitor endpoint (the caller checked
// the session), nullopt when it is not one of them.
std::optional<MockResponse> handle_dataset_request(ServerState& state, const MockRequest& request,
                                                   const SessionRecord& session);

// The /__mock/datasets control endpoints: POST sets the push-flow knobs, GET /__mock/datasets/{id}
// returns a dataset's columns, published rows and cancelled upload sessions (mock/README.md).
MockResponse handle_dataset_control(ServerState& state, const MockRequest& request);

}  // namespace mstr::mock::internal
