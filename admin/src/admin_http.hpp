#pragma once
// What every administration call shares: sending a request as the call it is (a missing endpoint
// becomes VersionException naming the call), reading JSON members, operationList bodies, paging.

#include <mstr/admin/bulk_result.hpp>
#include <mstr/admin/paged.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mstr::admin::internal {

// Configuration objects (users, groups, roles, monitors) are sent without the project header.
RequestOptions configuration_scope();
RequestOptions project_scope(const std::string& project_id);

// Sends the request; a 405, or a 404 that says the path itself is unknown ("HTTP 404 Not Found", or
// no MicroStrategy error body), throws VersionException naming `call` ("GET users").
Response send(Session& session, std::string_view method, const std::string& path, const RequestOptions& options,
              std::string_view call);

Poco::JSON::Object::Ptr object_of(const Response& response);
Poco::JSON::Array::Ptr array_of(const Response& response);
// An array member of the answer's object (`key`), or the answer itself when it is an array.
Poco::JSON::Array::Ptr array_member(const Response& response, const std::string& key);

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key);
bool flag(const Poco::JSON::Object::Ptr& object, const std::string& key, bool fallback = false);
long long number(const Poco::JSON::Object::Ptr& object, const std::string& key, long long fallback = 0);
std::optional<std::int64_t> total_count(const Response& response);

struct Operation {
  std::string op;
  std::string path;
  Poco::Dynamic::Var value;
};
Poco::JSON::Object::Ptr operation_list(const std::vector<Operation>& operations);
Poco::JSON::Array::Ptr id_array(const std::vector<std::string>& ids);

bool equals_ignoring_case(std::string_view a, std::string_view b);

// A 200/207 body whose `key` lists {id|jobId, status, code?, message?}: Success when every item's
// status is below 400 (and the HTTP status is not 207), PartialSuccess otherwise.
BulkResult bulk_result(const Response& response, const std::string& key, const std::string& id_key);

}  // namespace mstr::admin::internal
