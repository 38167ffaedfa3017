#pragma once
// mstr::admin::Monitors: user connections and jobs on every node of the cluster; ending
// connections and cancelling jobs in bulk, answered as Success or PartialSuccess.

#include <mstr/admin/bulk_result.hpp>
#include <mstr/session.hpp>

#include <string>
#include <vector>

namespace mstr::admin {

struct UserConnection {
  std::string id;
  std::string username;
  std::string project_name;
  std::string node;
  std::string created;
};

struct Job {
  std::string id;
  std::string node;
  std::string status;
  std::string username;
  std::string object_name;
  std::string project_name;
};

class Monitors {
 public:
  explicit Monitors(Session& session) : session_(session) {}

  std::vector<UserConnection> connections();
  BulkResult disconnect(const std::vector<std::string>& connection_ids);
  std::vector<Job> jobs();
  BulkResult cancel_jobs(const std::vector<std::string>& job_ids);

 private:
  std::vector<std::string> running_nodes();
  Session& session_;
};

}  // namespace mstr::admin
