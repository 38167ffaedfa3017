#pragma once
// The administration endpoints: users, user groups, security roles, folders and object ACLs,
// projects on the cluster's two nodes, user connections and jobs (mock/README.md lists them).
// The default administrator (a member of System Administrators) may do everything; any other
// user reads, and every write answers them 403 ERR014.

#include <optional>

#include "../mock_exchange.hpp"
#include "../server_state.hpp"

namespace mstr::mock::internal {

// The answer when `request.api_path` is an administration endpoint; nullopt otherwise, so the data
// and session families may answer it.
std::optional<MockResponse> handle_admin_request(ServerState& state, const MockRequest& request,
                                                 const SessionRecord& session);
bool is_admin_path(const std::string& api_path);
// The id the connection monitor shows for a session, derived without revealing its token.
std::string connection_id(const SessionRecord& record);

}  // namespace mstr::mock::internal
