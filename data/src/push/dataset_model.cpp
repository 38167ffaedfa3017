// The dataset's vocabulary (types, policies, errors) and POST datasets/models.
#include <mstr/dataset.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace mstr {

std::string_view to_string(ColumnType type) noexcept {
  switch (type) {
    case ColumnType::string:
      return "STRING";
    case ColumnType::integer:
      return "INTEGER";
    case ColumnType::double_number:
      return "DOUBLE";
    case ColumnType::boolean:
      return "BOOL";
    case ColumnType::date:
      return "DATE";
    case ColumnType::datetime:
      return "DATETIME";
  }
  return "STRING";
}

bool is_metric(ColumnType type) noexcept {
  return type == ColumnType::integer || type == ColumnType::double_number;
}

std::string_view to_string(UpdatePolicy policy) noexcept {
  switch (policy) {
    case UpdatePolicy::replace:
      return "replace";
    case UpdatePolicy::add:
      return "add";
    case UpdatePolicy::update:
      return "update";
    case UpdatePolicy::upsert:
      return "upsert";
  }
  return "replace";
}

UpdatePolicy parse_update_policy(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (UpdatePolicy policy :
       {UpdatePolicy::replace, UpdatePolicy::add, UpdatePolicy::update, UpdatePolicy::upsert}) {
    if (lower == to_string(policy)) return policy;
  }
  throw ConfigurationError("unknown update policy '" + std::string(text) +
                           "': use replace, add, update or upsert");
}

DatasetUploadError::DatasetUploadError(const std::string& message, std::uint64_t chunk_index,
                                       std::exception_ptr cause)
    : Error(message), chunk_index_(chunk_index), cause_(std::move(cause)) {}
DatasetUploadError::~DatasetUploadError() = default;

DatasetPublishError::DatasetPublishError(const std::string& message, bool timed_out)
    : Error(message), timed_out_(timed_out) {}
DatasetPublishError::~DatasetPublishError() = default;

namespace {

Poco::JSON::Array::Ptr column_expression(const std::string& table, const std::string& column) {
  Poco::JSON::Object::Ptr expression = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  expression->set("tableName", table);
  expression->set("columnName", column);
  Poco::JSON::Array::Ptr expressions = new Poco::JSON::Array;
  expressions->add(expression);
  return expressions;
}

// The model's tables: `tables`, or the one table of table_name and columns.
std::vector<DatasetTable> tables_of(const DatasetModel& model) {
  if (!model.tables.empty()) {
    if (!model.table_name.empty() || !model.columns.empty()) {
      throw ConfigurationError("dataset '" + model.name + "' gives both tables and table_name/columns: give one");
    }
    return model.tables;
  }
  return {{model.table_name, model.columns}};
}

void check_model(const DatasetModel& model, const std::vector<DatasetTable>& tables) {
  if (model.name.empty()) throw ConfigurationError("a dataset needs a name");
  std::set<std::string> table_names;
  for (const auto& table : tables) {
    if (table.name.empty()) throw ConfigurationError("a dataset needs a table name");
    if (!table_names.insert(table.name).second) {
      throw ConfigurationError("dataset '" + model.name + "' names the table '" + table.name + "' twice");
    }
    if (table.columns.empty()) {
      throw ConfigurationError("table '" + table.name + "' of dataset '" + model.name + "' needs at least one column");
    }
    std::set<std::string> names;
    for (const auto& column : table.columns) {
      if (column.name.empty())
        throw ConfigurationError("dataset '" + model.name + "' has a column without a name");
      if (!names.insert(column.name).second) {
        throw ConfigurationError("dataset '" + model.name + "' names the column '" + column.name + "' twice");
      }
    }
  }
}

}  // namespace

std::string create_dataset(Session& session, const DatasetModel& model, const PushOptions& options) {
  const std::vector<DatasetTable> model_tables = tables_of(model);
  check_model(model, model_tables);
  Poco::JSON::Array::Ptr tables = new Poco::JSON::Array;
  Poco::JSON::Array::Ptr metrics = new Poco::JSON::Array;
  Poco::JSON::Array::Ptr attributes = new Poco::JSON::Array;
  for (const auto& model_table : model_tables) {
    Poco::JSON::Array::Ptr headers = new Poco::JSON::Array;
    for (const auto& column : model_table.columns) {
      Poco::JSON::Object::Ptr header = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      header->set("name", column.name);
      header->set("dataType", std::string(to_string(column.type)));
      headers->add(header);
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      object->set("name", column.name);
      if (is_metric(column.type)) {
        object->set("expressions", column_expression(model_table.name, column.name));
        metrics->add(object);
      } else {
        Poco::JSON::Object::Ptr form = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        form->set("category", "ID");
        form->set("expressions", column_expression(model_table.name, column.name));
        Poco::JSON::Array::Ptr forms = new Poco::JSON::Array;
        forms->add(form);
        object->set("attributeForms", forms);
        attributes->add(object);
      }
    }
    Poco::JSON::Object::Ptr table = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    table->set("name", model_table.name);
    table->set("columnHeaders", headers);
    tables->add(table);
  }

  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("name", model.name);
  body->set("description", model.description);
  body->set("folderId", model.folder_id);
  body->set("tables", tables);
  body->set("metrics", metrics);
  body->set("attributes", attributes);

  RequestOptions request;
  request.project_id = options.project_id;
  request.json = Poco::Dynamic::Var(body);
  const Response response = session.post("datasets/models", request);
  const Poco::Dynamic::Var reply = response.json();
  if (reply.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = reply.extract<Poco::JSON::Object::Ptr>();
    if (object && object->has("id") && object->get("id").isString()) {
      std::string id = object->get("id").extract<std::string>();
      if (!id.empty()) return id;
    }
  }
  throw Error("the server created dataset '" + model.name + "' but its reply (" + response.url() +
              ") carries no \"id\"");
}

}  // namespace mstr
