#include <mstr/admin/cluster.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

std::vector<ProjectOnNode> Cluster::projects() {
  std::vector<ProjectOnNode> rows;
  std::int64_t offset = 0;
  constexpr std::int64_t kPage = 1000;
  for (;;) {
    RequestOptions options = configuration_scope();
    options.params = {{"offset", std::to_string(offset)}, {"limit", std::to_string(kPage)}};
    const Response response = send(session_, "GET", "monitors/projects", options, "GET monitors/projects");
    auto projects = array_member(response, "projects");
    for (std::size_t i = 0; i < projects->size(); ++i) {
      auto project = projects->getObject(i);
      auto nodes = project->getArray("nodes");
      for (std::size_t j = 0; nodes && j < nodes->size(); ++j) {
        auto node = nodes->getObject(j);
        rows.push_back({text(project, "id"), text(project, "name"), text(node, "name"), text(node, "status")});
      }
    }
    offset += static_cast<std::int64_t>(projects->size());
    const auto total = total_count(response);
    if (projects->size() < static_cast<std::size_t>(kPage) || (total && offset >= *total)) break;
  }
  return rows;
}

std::vector<ClusterNode> Cluster::nodes() {
  const Response response =
      send(session_, "GET", "monitors/iServer/nodes", configuration_scope(), "GET monitors/iServer/nodes");
  std::vector<ClusterNode> result;
  auto nodes = array_member(response, "nodes");
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    auto node = nodes->getObject(i);
    ClusterNode entry{text(node, "name"), text(node, "status"), static_cast<int>(number(node, "port")), {}};
    auto projects = node->getArray("projects");
    for (std::size_t j = 0; projects && j < projects->size(); ++j) {
      auto project = projects->getObject(j);
      entry.projects.push_back({text(project, "id"), text(project, "name"), entry.name, text(project, "status")});
    }
    result.push_back(std::move(entry));
  }
  return result;
}

void Cluster::set_status(std::string_view project_id, const std::vector<std::string>& nodes,
                         const std::string& status) {
  std::vector<std::string> targets = nodes;
  if (targets.empty()) {
    for (const auto& node : this->nodes()) targets.push_back(node.name);
  }
  for (const auto& node : targets) {
    RequestOptions options = configuration_scope();
    options.json = operation_list({{"replace", "/status", status}});
    send(session_, "PATCH", "monitors/iServer/nodes/" + node + "/projects/" + std::string(project_id), options,
         "PATCH monitors/iServer/nodes/{node}/projects/{id}");
  }
}

void Cluster::load(std::string_view project_id, const std::vector<std::string>& nodes) {
  set_status(project_id, nodes, "loaded");
}

void Cluster::unload(std::string_view project_id, const std::vector<std::string>& nodes) {
  set_status(project_id, nodes, "unloaded");
}

}  // namespace mstr::admin
