#include <mstr/admin/monitors.hpp>

#include <mstr/errors.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

std::vector<std::string> Monitors::running_nodes() {
  const Response response =
      send(session_, "GET", "monitors/iServer/nodes", configuration_scope(), "GET monitors/iServer/nodes");
  std::vector<std::string> names;
  auto nodes = array_member(response, "nodes");
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    auto node = nodes->getObject(i);
    if (text(node, "status") == "running") names.push_back(text(node, "name"));
  }
  return names;
}

std::vector<UserConnection> Monitors::connections() {
  std::vector<UserConnection> result;
  for (const auto& node : running_nodes()) {
    std::int64_t offset = 0;
    for (;;) {
      RequestOptions options = configuration_scope();
      options.params = {{"clusterNode", node}, {"offset", std::to_string(offset)}, {"limit", "1000"}};
      const Response response =
          send(session_, "GET", "monitors/userConnections", options, "GET monitors/userConnections");
      auto items = array_member(response, "userConnections");
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto item = items->getObject(i);
        result.push_back({text(item, "id"), text(item, "username"), text(item, "projectName"), node,
                          text(item, "dateConnectionCreated")});
      }
      offset += static_cast<std::int64_t>(items->size());
      const auto total = total_count(response);
      if (items->size() < 1000 || (total && offset >= *total)) break;
    }
  }
  return result;
}

BulkResult Monitors::disconnect(const std::vector<std::string>& connection_ids) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("userConnectionIds", id_array(connection_ids));
  RequestOptions options = configuration_scope();
  options.json = body;
  // 403 without a code means none was ended; the body still says why for each.
  options.allow_error_status = true;
  const Response response =
      send(session_, "POST", "monitors/deleteUserConnections", options, "POST monitors/deleteUserConnections");
  if (response.status() >= 400) {
    Poco::JSON::Object::Ptr answer;
    if (response.is_json() && response.json().type() == typeid(Poco::JSON::Object::Ptr)) answer = object_of(response);
    if (!answer || !answer->has("deleteUserConnectionsStatus") || answer->has("code")) {
      ServerErrorDetails details;
      details.http_status = response.status();
      details.code = text(answer, "code");
      details.normalised_code = details.code == "ERR0014" ? "ERR014" : details.code;
      details.message = text(answer, "message");
      details.ticket_id = text(answer, "ticketId");
      if (details.normalised_code == "ERR014") throw InsufficientPrivilegesException(details);
      throw MSTRUnknownException(details);
    }
  }
  return bulk_result(response, "deleteUserConnectionsStatus", "id");
}

std::vector<Job> Monitors::jobs() {
  std::vector<Job> result;
  for (const auto& node : running_nodes()) {
    RequestOptions options = configuration_scope();
    options.params = {{"nodeName", node}};
    const Response response = send(session_, "GET", "v2/monitors/jobs", options, "GET v2/monitors/jobs");
    auto items = array_member(response, "jobs");
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto item = items->getObject(i);
      result.push_back({text(item, "id"), node, text(item, "status"), text(item, "username"), text(item, "objectName"),
                        text(item, "projectName")});
    }
  }
  return result;
}

BulkResult Monitors::cancel_jobs(const std::vector<std::string>& job_ids) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("jobIds", id_array(job_ids));
  RequestOptions options = configuration_scope();
  options.json = body;
  const Response response = send(session_, "POST", "v2/monitors/cancelJobs", options, "POST v2/monitors/cancelJobs");
  return bulk_result(response, "jobCancellationStatus", "jobId");
}

}  // namespace mstr::admin
