#pragma once
// mstr::admin::Cluster: every project with its status on each node (GET monitors/projects, not only
// the loaded ones GET projects shows), the nodes (GET monitors/iServer/nodes), and loading or
// unloading a project on one node or all.

#include <mstr/session.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mstr::admin {

struct ProjectOnNode {
  std::string project_id;
  std::string project_name;
  std::string node;
  std::string status;  // loaded, unloaded, request_idle, ...
};

struct ClusterNode {
  std::string name;
  std::string status;  // running, stopped, ...
  int port = 0;
  std::vector<ProjectOnNode> projects;
};

class Cluster {
 public:
  explicit Cluster(Session& session) : session_(session) {}

  // One entry per project and node, every project the server has, loaded or not.
  std::vector<ProjectOnNode> projects();
  std::vector<ClusterNode> nodes();
  // On the nodes named (every node when empty): one PATCH per node, as every server takes it.
  void load(std::string_view project_id, const std::vector<std::string>& nodes = {});
  void unload(std::string_view project_id, const std::vector<std::string>& nodes = {});

 private:
  void set_status(std::string_view project_id, const std::vector<std::string>& nodes, const std::string& status);
  Session& session_;
};

}  // namespace mstr::admin
