#pragma once
// mstr::admin::Objects: search by name and type in a project, folders (contents, predefined
// folders, create, delete), object information and delete.

#include <mstr/admin/paged.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::admin {

// An mstr::ObjectTypes name ("REPORT_DEFINITION", "FOLDER", "USERGROUP", ...; any case, '-' for '_')
// or a number. Throws ConfigurationError.
int parse_object_type(std::string_view text);

inline constexpr std::string_view kPublicObjectsFolderId = "98FE182C2A10427EACE0CD30B6768258";

struct ObjectInfo {
  std::string id;
  std::string name;
  int type = 0;
  int subtype = 0;
  Poco::JSON::Object::Ptr raw;
};

struct SearchQuery {
  std::string name;             // contained in the object's name (case-insensitive)
  std::vector<int> types;       // object types or subtypes; empty: any
  std::optional<std::int64_t> limit;
  std::int64_t page_size = 1000;
};

class Objects {
 public:
  // Every call acts in `project_id`.
  Objects(Session& session, std::string project_id) : session_(session), project_id_(std::move(project_id)) {}

  Paged<ObjectInfo> search(SearchQuery query);
  Paged<ObjectInfo> folder_contents(std::string_view folder_id, std::int64_t page_size = 1000);
  // 1 Public Objects, 7 Shared Reports, 20 My Reports, 39 the project root, ...
  Paged<ObjectInfo> predefined_folder(int folder, std::int64_t page_size = 1000);
  // A folder that exists under the parent with the same name (case-insensitive) is an error
  // (ObjectAlreadyExistsException); a create that loses its answer looks for it before retrying.
  ObjectInfo create_folder(std::string_view name, std::string_view parent_id, std::string_view description = {});
  void delete_folder(std::string_view folder_id);
  ObjectInfo info(std::string_view id, int type);
  void remove(std::string_view id, int type);

  static ObjectInfo from_json(const Poco::JSON::Object::Ptr& object);

 private:
  RequestOptions scoped() const;
  Session& session_;
  std::string project_id_;
};

}  // namespace mstr::admin
