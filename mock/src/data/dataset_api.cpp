#include "dataset_api.hpp"

#include "../request_parsing.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mstr::mock::internal {
namespace {

// Object types and subtypes as mstrio-py's ObjectTypes / ObjectSubTypes name them.
constexpr int kReportType = 3;
constexpr int kProjectType = 32;
constexpr int kReportGridSubtype = 768;
constexpr int kCubeSubtype = 776;
constexpr int kSuperCubeSubtype = 779;
constexpr int kProjectSubtype = 8192;

const char* const kCreated = "2026-01-05T09:00:00.000+0000";

std::string upper_hex_id() {
  std::string id = random_hex(32);
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
  return id;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string text_member(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || !object.get(key).isString()) return {};
  return object.get(key).extract<std::string>();
}

// ---- POST datasets/models -------------------------------------------------------------------

// The column an expression names: {"tableName","columnName"} or mstrio-py's {"formula":"T.C"}.
std::string expression_column(const Poco::JSON::Object& expression, const std::string& table) {
  const std::string column = text_member(expression, "columnName");
  if (!column.empty()) return text_member(expression, "tableName") == table ? column : std::string();
  const std::string formula = text_member(expression, "formula");
  if (formula.rfind(table + ".", 0) == 0) return formula.substr(table.size() + 1);
  return {};
}

// The first expression of `object` (a metric, or an attribute's first form).
Poco::JSON::Object::Ptr first_expression(const Poco::JSON::Object& object, bool attribute) {
  Poco::JSON::Array::Ptr expressions;
  if (attribute) {
    Poco::JSON::Array::Ptr forms = object.getArray("attributeForms");
    if (!forms || forms->size() == 0 || !forms->getObject(0)) return nullptr;
    expressions = forms->getObject(0)->getArray("expressions");
  } else {
    expressions = object.getArray("expressions");
  }
  if (!expressions || expressions->size() == 0) return nullptr;
  return expressions->getObject(0);
}

void register_in_catalog(ServerState& state, const StoredDataset& dataset);

// One entry of the model's "tables": its name and typed columns.
std::optional<MockResponse> read_table(const Poco::JSON::Object::Ptr& json, std::size_t position, StoredTable& table) {
  static const std::set<std::string> kTypes = {"STRING", "INTEGER", "DOUBLE", "BOOL", "DATE", "DATETIME", "TIME"};
  if (!json) return error_response(400, "ERR007", "tables[" + std::to_string(position) + "] must be an object");
  table.name = text_member(*json, "name");
  if (table.name.empty()) return error_response(400, "ERR007", "The table needs a \"name\"");
  Poco::JSON::Array::Ptr headers = json->getArray("columnHeaders");
  if (!headers || headers->size() == 0) {
    return error_response(400, "ERR007", "Table '" + table.name + "' needs \"columnHeaders\"");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < headers->size(); ++i) {
    Poco::JSON::Object::Ptr header = headers->getObject(i);
    StoredColumn column;
    if (header) column.name = text_member(*header, "name");
    if (header) column.data_type = text_member(*header, "dataType");
    if (column.name.empty() || !names.insert(column.name).second) {
      return error_response(400, "ERR006", "columnHeaders[" + std::to_string(i) + "] of table '" + table.name +
                                               "' needs a name of its own");
    }
    if (kTypes.count(column.data_type) == 0) {
      return error_response(400, "ERR006",
                            "Column '" + column.name + "' has an unknown dataType '" + column.data_type + "'");
    }
    column.object_id = upper_hex_id();
    table.columns.push_back(column);
  }
  return std::nullopt;
}

MockResponse create_model(ServerState& state, const MockRequest& request, const MockProject& project) {
  std::optional<MockResponse> error;
  Poco::JSON::Object::Ptr body = parse_object(request.body, error);
  if (!body) return *error;
  const std::string name = text_member(*body, "name");
  if (name.empty()) return error_response(400, "ERR007", "The dataset model needs a \"name\"");
  Poco::JSON::Array::Ptr tables = body->getArray("tables");
  if (!tables || tables->size() == 0) return error_response(400, "ERR007", "The dataset model needs \"tables\"");
  StoredDataset dataset;
  dataset.name = name;
  dataset.project_id = project.id;
  dataset.folder_id = text_member(*body, "folderId");
  for (std::size_t t = 0; t < tables->size(); ++t) {
    StoredTable table;
    if (auto problem = read_table(tables->getObject(t), t, table)) return *problem;
    if (dataset.find_table(table.name)) {
      return error_response(400, "ERR006", "Table '" + table.name + "' is listed twice in \"tables\"");
    }
    dataset.tables.push_back(std::move(table));
  }
  // Metrics and attributes name their columns through expressions (one per table the object spans);
  // a column no metric names is an attribute column.
  for (const char* group : {"metrics", "attributes"}) {
    const bool attribute = std::string(group) == "attributes";
    Poco::JSON::Array::Ptr objects = body->getArray(group);
    for (std::size_t i = 0; objects && i < objects->size(); ++i) {
      Poco::JSON::Object::Ptr object = objects->getObject(i);
      Poco::JSON::Object::Ptr expression = object ? first_expression(*object, attribute) : nullptr;
      StoredColumn* found = nullptr;
      for (auto& table : dataset.tables) {
        const std::string column = expression ? expression_column(*expression, table.name) : std::string();
        for (auto& candidate : table.columns) {
          if (!column.empty() && candidate.name == column) found = &candidate;
        }
        if (found) break;
      }
      if (!found) {
        return error_response(400, "ERR006",
                              std::string(group) + "[" + std::to_string(i) + "] does not name a column of any table");
      }
      if (!attribute) found->metric = true;
    }
  }
  dataset.id = upper_hex_id();
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  reply->set("id", dataset.id);
  reply->set("name", dataset.name);
  {
    auto lock = state.datasets().lock();
    state.datasets().datasets[dataset.id] = dataset;
    // Its definition is readable at once (mstrio-py reads it right after an upload without publish).
    register_in_catalog(state, dataset);
  }
  return json_response(200, reply);
}

// ---- upload sessions ------------------------------------------------------------------------

// One entry of the session's "tables": a table of the dataset, its policy and its column order.
std::optional<MockResponse> read_table_upload(const Poco::JSON::Object::Ptr& json, StoredDataset& dataset,
                                              std::string& table_name, TableUpload& upload) {
  table_name = json ? text_member(*json, "name") : std::string();
  StoredTable* table = dataset.find_table(table_name);
  if (!table) return error_response(404, "ERR004", "Dataset " + dataset.id + " has no table '" + table_name + "'");
  upload.policy = text_member(*json, "updatePolicy");
  std::transform(upload.policy.begin(), upload.policy.end(), upload.policy.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (upload.policy != "replace" && upload.policy != "add" && upload.policy != "update" && upload.policy != "upsert") {
    return error_response(400, "ERR006", "\"updatePolicy\" of table '" + table_name +
                                             "' must be replace, add, update or upsert");
  }
  Poco::JSON::Array::Ptr headers = json->getArray("columnHeaders");
  std::set<std::size_t> seen;
  for (std::size_t i = 0; headers && i < headers->size(); ++i) {
    const Poco::Dynamic::Var header = headers->get(i);
    const std::string name = header.isString() ? header.extract<std::string>() : std::string();
    auto it = std::find_if(table->columns.begin(), table->columns.end(),
                           [&](const StoredColumn& c) { return c.name == name; });
    if (it == table->columns.end() || !seen.insert(it - table->columns.begin()).second) {
      return error_response(400, "ERR006", "columnHeaders[" + std::to_string(i) + "] is not a column of table '" +
                                               table_name + "' (or is listed twice)");
    }
    upload.column_order.push_back(static_cast<std::size_t>(it - table->columns.begin()));
  }
  if (upload.column_order.size() != table->columns.size()) {
    return error_response(400, "ERR006", "\"columnHeaders\" must list all " + std::to_string(table->columns.size()) +
                                             " columns of table '" + table_name + "'");
  }
  return std::nullopt;
}

MockResponse open_upload_session(ServerState& state, const MockRequest& request, StoredDataset& dataset) {
  std::optional<MockResponse> error;
  Poco::JSON::Object::Ptr body = parse_object(request.body, error);
  if (!body) return *error;
  Poco::JSON::Array::Ptr tables = body->getArray("tables");
  if (!tables || tables->size() == 0) {
    return error_response(400, "ERR006", "\"tables\" must list the dataset's tables the session updates");
  }
  UploadSession session;
  session.dataset_id = dataset.id;
  for (std::size_t t = 0; t < tables->size(); ++t) {
    std::string name;
    TableUpload upload;
    if (auto problem = read_table_upload(tables->getObject(t), dataset, name, upload)) return *problem;
    if (!session.tables.emplace(name, std::move(upload)).second) {
      return error_response(400, "ERR006", "Table '" + name + "' is listed twice in \"tables\"");
    }
  }
  session.id = upper_hex_id();
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  reply->set("uploadSessionId", session.id);
  state.datasets().sessions[session.id] = std::move(session);
  return json_response(200, reply);
}

// Turns one uploaded cell into the row's attribute text or metric value; false when it cannot be.
bool store_cell(const Poco::Dynamic::Var& cell, const StoredColumn& column, std::string& text,
                std::optional<double>& number) {
  if (cell.isEmpty()) return true;
  if (column.metric) {
    if (!cell.isNumeric()) return false;
    number = cell.convert<double>();
    return true;
  }
  if (cell.isString()) {
    text = cell.extract<std::string>();
  } else if (cell.isBoolean()) {
    text = cell.extract<bool>() ? "true" : "false";
  } else if (cell.isNumeric()) {
    text = cell.toString();
  } else {
    return false;
  }
  return true;
}

// Decodes a chunk's "data" (base64 of a JSON array of row arrays) into rows in dataset column order.
std::optional<MockResponse> decode_chunk(const std::string& data, const StoredTable& dataset,
                                         const TableUpload& session, std::vector<MockRow>& rows) {
  std::string decoded;
  try {
    std::istringstream in(data);
    Poco::Base64Decoder decoder(in);
    // Read through the buffer itself: a stream insertion would swallow the decoder's exception.
    decoded.assign(std::istreambuf_iterator<char>(decoder.rdbuf()), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return error_response(400, "ERR006", "\"data\" is not valid base64");
  }
  Poco::JSON::Array::Ptr array;
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(decoded);
    if (parsed.type() == typeid(Poco::JSON::Array::Ptr)) array = parsed.extract<Poco::JSON::Array::Ptr>();
  } catch (const Poco::Exception&) {
    array = nullptr;
  }
  if (!array) return error_response(400, "ERR006", "\"data\" does not decode to a JSON array of rows");
  // Where each dataset column goes in a MockRow: its index among the attributes or the metrics.
  std::vector<std::size_t> slot(dataset.columns.size());
  std::size_t attribute_count = 0, metric_count = 0;
  for (std::size_t k = 0; k < dataset.columns.size(); ++k) {
    slot[k] = dataset.columns[k].metric ? metric_count++ : attribute_count++;
  }
  for (std::size_t r = 0; r < array->size(); ++r) {
    Poco::JSON::Array::Ptr cells = array->getArray(r);
    if (!cells || cells->size() != session.column_order.size()) {
      return error_response(400, "ERR006",
                            "Row " + std::to_string(r + 1) + " of the chunk has " +
                                std::to_string(cells ? cells->size() : 0) + " values; the table has " +
                                std::to_string(session.column_order.size()) + " columns");
    }
    MockRow row;
    row.forms.resize(attribute_count);
    row.metrics.resize(metric_count);
    for (std::size_t c = 0; c < cells->size(); ++c) {
      const std::size_t target = session.column_order[c];
      const StoredColumn& column = dataset.columns[target];
      std::string text;
      std::optional<double> number;
      if (!store_cell(cells->get(c), column, text, number)) {
        return error_response(400, "ERR006",
                              "Row " + std::to_string(r + 1) + ", column '" + column.name +
                                  "': the value does not fit the column's type " + column.data_type);
      }
      if (column.metric) {
        row.metrics[slot[target]] = number;
      } else {
        row.forms[slot[target]] = std::move(text);
      }
    }
    rows.push_back(std::move(row));
  }
  return std::nullopt;
}

MockResponse upload_chunk(ServerState& state, const MockRequest& request, StoredDataset& dataset,
                          UploadSession& session) {
  if (session.state != UploadSession::State::open) {
    return error_response(400, "ERR006", "Upload session " + session.id + " is already being published");
  }
  std::optional<MockResponse> error;
  Poco::JSON::Object::Ptr body = parse_object(request.body, error);
  if (!body) return *error;
  const std::string table_name = text_member(*body, "tableName");
  auto upload_it = session.tables.find(table_name);
  if (upload_it == session.tables.end()) {
    std::string names;
    for (const auto& [name, upload] : session.tables) names += (names.empty() ? "'" : ", '") + name + "'";
    return error_response(400, "ERR006", "\"tableName\" must be a table of the upload session: " + names);
  }
  TableUpload& upload = upload_it->second;
  // mstrio-py sends an integer index; the REST documentation shows a string.
  std::uint64_t index = 0;
  const Poco::Dynamic::Var index_value = body->has("index") ? body->get("index") : Poco::Dynamic::Var();
  try {
    if (index_value.isInteger() || index_value.isString()) index = index_value.convert<std::uint64_t>();
  } catch (const Poco::Exception&) {
    index = 0;
  }
  if (index == 0) return error_response(400, "ERR006", "\"index\" must be a whole number from 1");
  if (!body->has("data") || !body->get("data").isString()) {
    return error_response(400, "ERR007", "\"data\" (base64 of a JSON array of rows) is missing");
  }
  const std::string data = body->get("data").extract<std::string>();
  // A retried request for the chunk already stored changes nothing.
  if (index == upload.last_index && data == upload.last_data) return no_content();
  if (index != upload.last_index + 1) {
    return error_response(400, "ERR006", "Chunk index " + std::to_string(index) + " of table '" + table_name +
                                             "' is out of order: expected " + std::to_string(upload.last_index + 1));
  }
  if (state.datasets().settings.fail_chunk == index) {
    return error_response(500, "ERR001", "Chunk " + std::to_string(index) + " could not be stored (failChunk)");
  }
  std::vector<MockRow> rows;
  if (auto problem = decode_chunk(data, *dataset.find_table(table_name), upload, rows)) return *problem;
  upload.rows.insert(upload.rows.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  upload.last_index = index;
  upload.last_data = data;
  return no_content();
}

// The policy applied to what the table held; update and upsert match rows on all attribute values.
std::vector<MockRow> merged_rows(const StoredTable& table, const TableUpload& upload) {
  std::vector<MockRow> rows = table.rows ? *table.rows : std::vector<MockRow>();
  if (upload.policy == "replace") return upload.rows;
  if (upload.policy == "add") {
    rows.insert(rows.end(), upload.rows.begin(), upload.rows.end());
    return rows;
  }
  std::map<std::vector<std::string>, std::size_t> by_key;
  for (std::size_t i = 0; i < rows.size(); ++i) by_key.emplace(rows[i].forms, i);
  for (const auto& row : upload.rows) {
    auto it = by_key.find(row.forms);
    if (it != by_key.end()) {
      rows[it->second] = row;
    } else if (upload.policy == "upsert") {
      by_key.emplace(row.forms, rows.size());
      rows.push_back(row);
    }
  }
  return rows;
}

// The dataset as one cube: the union of the tables' columns (a name shared by tables is one column)
// and the tables' rows one after another, a column a table lacks empty ("" or null) in its rows.
void register_in_catalog(ServerState& state, const StoredDataset& dataset) {
  auto cube = std::make_shared<MockTable>();
  cube->kind = MockTable::Kind::dataset;
  cube->id = dataset.id;
  cube->name = dataset.name;
  cube->project_id = dataset.project_id;
  cube->published = dataset.published;
  auto rows = std::make_shared<std::vector<MockRow>>();
  auto slot_of = [&](const StoredColumn& column) {
    if (column.metric) {
      for (std::size_t m = 0; m < cube->metrics.size(); ++m) {
        if (cube->metrics[m].name == column.name) return m;
      }
      cube->metrics.push_back({column.name, column.object_id});
      return cube->metrics.size() - 1;
    }
    for (std::size_t a = 0; a < cube->attributes.size(); ++a) {
      if (cube->attributes[a].name == column.name) return a;
    }
    cube->attributes.push_back({column.name, column.object_id, {"ID"}});
    return cube->attributes.size() - 1;
  };
  std::vector<std::vector<std::size_t>> slots;  // per table, per column
  for (const auto& table : dataset.tables) {
    slots.emplace_back();
    for (const auto& column : table.columns) slots.back().push_back(slot_of(column));
  }
  for (std::size_t t = 0; t < dataset.tables.size(); ++t) {
    const StoredTable& table = dataset.tables[t];
    for (std::size_t r = 0; table.rows && r < table.rows->size(); ++r) {
      const MockRow& from = (*table.rows)[r];
      MockRow row;
      row.forms.resize(cube->attributes.size());
      row.metrics.resize(cube->metrics.size());
      std::size_t attribute = 0, metric = 0;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].metric) {
          row.metrics[slots[t][c]] = from.metrics[metric++];
        } else {
          row.forms[slots[t][c]] = from.forms[attribute++];
        }
      }
      rows->push_back(std::move(row));
    }
  }
  cube->row_count = rows->size();
  cube->row = [rows](std::size_t index, MockRow& row) { row = (*rows)[index]; };
  state.data().put(std::move(cube));
}

MockResponse publish(ServerState& state, StoredDataset& dataset, UploadSession& session) {
  if (session.state != UploadSession::State::open) {
    return error_response(400, "ERR006", "Upload session " + session.id + " was already published");
  }
  const bool uploaded = std::any_of(session.tables.begin(), session.tables.end(),
                                    [](const auto& entry) { return entry.second.last_index > 0; });
  if (!uploaded) {
    return error_response(400, "ERR006", "Nothing was uploaded in upload session " + session.id + "; upload a chunk first");
  }
  session.state = UploadSession::State::publishing;
  session.polls_until_done = state.datasets().settings.running_polls;
  session.fails = state.datasets().settings.publish_fails;
  // A failing publish leaves the dataset as it was.
  if (!session.fails) {
    for (auto& [name, upload] : session.tables) {
      StoredTable* table = dataset.find_table(name);
      table->rows = std::make_shared<const std::vector<MockRow>>(merged_rows(*table, upload));
    }
    dataset.published = true;
    register_in_catalog(state, dataset);
  }
  for (auto& [name, upload] : session.tables) {
    upload.rows.clear();
    upload.rows.shrink_to_fit();
  }
  return no_content();
}

MockResponse publish_status(ServerState& state, UploadSession& session) {
  if (session.state != UploadSession::State::publishing) {
    return error_response(400, "ERR006", "Upload session " + session.id + " has not been published");
  }
  int status = session.fails ? -1 : 1;
  if (session.polls_until_done > 0) {
    --session.polls_until_done;
    status = 6;
  }
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  if (state.datasets().settings.status_as_string) {
    reply->set("status", std::to_string(status));
  } else {
    reply->set("status", status);
  }
  return json_response(200, reply);
}

// datasets/{id}/uploadSessions[/{sid}[/publish|/publishStatus]], under the store's lock.
MockResponse upload_session_request(ServerState& state, const MockRequest& request, StoredDataset& dataset,
                                    const std::vector<std::string>& parts) {
  DatasetStore& store = state.datasets();
  if (parts.size() == 3) {
    if (request.method != "POST")
      return error_response(405, "ERR001", request.method + " is not supported on " + request.path);
    return open_upload_session(state, request, dataset);
  }
  auto it = store.sessions.find(parts[3]);
  if (it == store.sessions.end() || it->second.dataset_id != dataset.id ||
      it->second.state == UploadSession::State::cancelled) {
    return error_response(404, "ERR004", "No upload session " + parts[3] + " on dataset " + dataset.id);
  }
  UploadSession& session = it->second;
  const std::string tail = parts.size() == 5 ? parts[4] : std::string();
  if (parts.size() == 4 && request.method == "PUT") return upload_chunk(state, request, dataset, session);
  if (parts.size() == 4 && request.method == "DELETE") {
    session.state = UploadSession::State::cancelled;
    session.tables.clear();
    return no_content();
  }
  if (tail == "publish" && request.method == "POST") return publish(state, dataset, session);
  if (tail == "publishStatus" && request.method == "GET") return publish_status(state, session);
  return error_response(404, "ERR004",
                        "No endpoint " + request.method + " " + request.path + " on this server");
}

// ---- look-ups mstrio-py makes ---------------------------------------------------------------

struct ObjectInfo {
  std::string id, name, project_id;
  int type = 0, subtype = 0;
};

std::optional<ObjectInfo> find_object(ServerState& state, const std::string& id) {
  if (auto table = state.data().find(id)) {
    const int subtype = table->kind == MockTable::Kind::report ? kReportGridSubtype
                        : table->kind == MockTable::Kind::cube ? kCubeSubtype
                                                               : kSuperCubeSubtype;
    return ObjectInfo{table->id, table->name, table->project_id, kReportType, subtype};
  }
  {
    auto lock = state.datasets().lock();
    auto it = state.datasets().datasets.find(id);
    if (it != state.datasets().datasets.end()) {
      return ObjectInfo{it->second.id, it->second.name, it->second.project_id, kReportType,
                        kSuperCubeSubtype};
    }
  }
  if (const MockProject* project = state.find_project(id)) {
    return ObjectInfo{project->id, project->name, project->id, kProjectType, kProjectSubtype};
  }
  return std::nullopt;
}

Poco::JSON::Object::Ptr object_json(const ObjectInfo& info, const SessionRecord& session) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", info.id);
  json->set("name", info.name);
  json->set("type", info.type);
  json->set("subtype", info.subtype);
  json->set("extType", 0);
  json->set("dateCreated", kCreated);
  json->set("dateModified", kCreated);
  json->set("version", info.id);
  json->set("acg", 255);
  Poco::JSON::Object::Ptr owner = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  owner->set("id", session.user.id);
  owner->set("name", session.user.full_name);
  json->set("owner", owner);
  json->set("ancestors", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  json->set("hidden", false);
  Poco::JSON::Object::Ptr certified = new Poco::JSON::Object;
  certified->set("certified", false);
  json->set("certifiedInfo", certified);
  json->set("projectId", info.project_id);
  return json;
}

MockResponse get_object(ServerState& state, const MockRequest& request, const SessionRecord& session,
                        const std::string& id) {
  const std::vector<std::string> types = query_values(request.query, "type");
  if (types.empty())
    return error_response(400, "ERR005", "GET objects/{id} needs the \"type\" query parameter");
  std::optional<ObjectInfo> info = find_object(state, id);
  if (info && info->type != kProjectType) {
    std::optional<MockResponse> error;
    if (require_project(state, request, error) == nullptr) return *error;
    if (request.header("x-mstr-projectid") != info->project_id) info.reset();
  }
  if (!info || types.front() != std::to_string(info->type)) {
    return error_response(404, "ERR004",
                          "No object " + id + " of type " + types.front() + " in this project");
  }
  return json_response(200, object_json(*info, session));
}

MockResponse predefined_folder(ServerState& state, const MockRequest& request, const SessionRecord& session,
                               const std::string& folder) {
  std::optional<MockResponse> error;
  const MockProject* project = require_project(state, request, error);
  if (project == nullptr) return *error;
  if (folder.empty() ||
      !std::all_of(folder.begin(), folder.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return error_response(400, "ERR006", "The pre-defined folder must be given by its number");
  }
  std::size_t offset = 0, limit = 5000;
  try {
    auto offsets = query_values(request.query, "offset");
    auto limits = query_values(request.query, "limit");
    if (!offsets.empty()) offset = std::stoul(offsets.front());
    if (!limits.empty() && limits.front() != "-1") limit = std::stoul(limits.front());
  } catch (const std::exception&) {
    return error_response(400, "ERR006", "\"offset\" and \"limit\" must be whole numbers");
  }
  // My Reports (7, DssXmlFolderNameProfileReports) holds the datasets created without a folder id;
  // every other pre-defined folder is empty.
  std::vector<ObjectInfo> contents;
  if (folder == "7") {
    auto lock = state.datasets().lock();
    for (const auto& [id, dataset] : state.datasets().datasets) {
      if (dataset.project_id == project->id && dataset.folder_id.empty()) {
        contents.push_back({id, dataset.name, dataset.project_id, kReportType, kSuperCubeSubtype});
      }
    }
  }
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (std::size_t i = offset; i < contents.size() && i < offset + limit; ++i)
    list->add(object_json(contents[i], session));
  MockResponse response = json_response(200, list);
  response.headers.emplace_back("X-MSTR-Total-Count", std::to_string(contents.size()));
  return response;
}

MockResponse iserver_nodes(ServerState& state) {
  Poco::JSON::Array::Ptr projects = new Poco::JSON::Array;
  for (const auto& project : state.options().projects) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("id", project.id);
    json->set("name", project.name);
    json->set("status", "loaded");
    json->set("acceptedClientTypes", 0);
    projects->add(json);
  }
  Poco::JSON::Object::Ptr node = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  node->set("name", "mock-iserver");
  node->set("port", 34952);
  node->set("status", "running");
  node->set("load", 0);
  node->set("projects", projects);
  Poco::JSON::Array::Ptr nodes = new Poco::JSON::Array;
  nodes->add(node);
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  reply->set("nodes", nodes);
  return json_response(200, reply);
}

// GET datasets/{id}: the definition mstrio-py reads tables and columns from (catalog cubes too).
MockResponse dataset_definition(ServerState& state, const MockRequest& request, const std::string& id) {
  std::optional<MockResponse> error;
  const MockProject* project = require_project(state, request, error);
  if (project == nullptr) return *error;
  std::string name;
  struct Column {
    std::string table, name, type;
  };
  std::vector<std::string> table_names;
  std::vector<Column> columns;
  {
    auto lock = state.datasets().lock();
    auto it = state.datasets().datasets.find(id);
    if (it != state.datasets().datasets.end() && it->second.project_id == project->id) {
      name = it->second.name;
      for (const auto& table : it->second.tables) {
        table_names.push_back(table.name);
        for (const auto& column : table.columns) columns.push_back({table.name, column.name, column.data_type});
      }
    }
  }
  if (name.empty()) {
    auto table = state.data().find(id);
    if (!table || table->kind == MockTable::Kind::report || table->project_id != project->id) {
      return error_response(404, "ERR004", "No dataset or cube " + id + " in this project");
    }
    name = table->name;
    table_names.push_back(table->name);
    for (const auto& attribute : table->attributes) columns.push_back({table->name, attribute.name, "STRING"});
    for (const auto& metric : table->metrics) columns.push_back({table->name, metric.name, "DOUBLE"});
  }
  Poco::JSON::Array::Ptr tables = new Poco::JSON::Array;
  for (std::size_t t = 0; t < table_names.size(); ++t) {
    Poco::JSON::Object::Ptr table = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    table->set("name", table_names[t]);
    // One table keeps the dataset's id as its own, as before; more get ids derived from it.
    table->set("id", t == 0 ? id : id.substr(0, 30) + (t < 10 ? "0" : "") + std::to_string(t));
    tables->add(table);
  }
  Poco::JSON::Array::Ptr column_list = new Poco::JSON::Array;
  for (const auto& column : columns) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("tableName", column.table);
    json->set("columnName", column.name);
    json->set("dataType", column.type);
    column_list->add(json);
  }
  Poco::JSON::Object::Ptr available = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  available->set("tables", tables);
  available->set("columns", column_list);
  Poco::JSON::Object::Ptr definition = new Poco::JSON::Object;
  definition->set("availableObjects", available);
  Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
  result->set("definition", definition);
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  reply->set("id", id);
  reply->set("name", name);
  reply->set("result", result);
  return json_response(200, reply);
}

MockResponse dataset_request(ServerState& state, const MockRequest& request,
                             const std::vector<std::string>& parts) {
  if (parts.size() == 2 && parts[1] == "models") {
    if (request.method != "POST")
      return error_response(405, "ERR001", request.method + " is not supported on " + request.path);
    std::optional<MockResponse> error;
    const MockProject* project = require_project(state, request, error);
    if (project == nullptr) return *error;
    return create_model(state, request, *project);
  }
  if (parts.size() == 2 && request.method == "GET") return dataset_definition(state, request, parts[1]);
  if (parts.size() >= 3 && parts.size() <= 5 && parts[2] == "uploadSessions") {
    std::optional<MockResponse> error;
    const MockProject* project = require_project(state, request, error);
    if (project == nullptr) return *error;
    auto lock = state.datasets().lock();
    auto it = state.datasets().datasets.find(parts[1]);
    if (it == state.datasets().datasets.end() || it->second.project_id != project->id) {
      return error_response(404, "ERR004", "No dataset " + parts[1] + " in project " + project->name);
    }
    return upload_session_request(state, request, it->second, parts);
  }
  return error_response(404, "ERR004",
                        "No endpoint " + request.method + " " + request.path + " on this server");
}

}  // namespace

std::optional<MockResponse> handle_dataset_request(ServerState& state, const MockRequest& request,
                                                   const SessionRecord& session) {
  const std::vector<std::string> parts = split_path(request.api_path);
  if (parts[0] == "datasets" && parts.size() >= 2) return dataset_request(state, request, parts);
  if (parts[0] == "objects" && parts.size() == 2 && request.method == "GET") {
    return get_object(state, request, session, parts[1]);
  }
  if (parts[0] == "folders" && parts.size() == 3 && parts[1] == "preDefined" && request.method == "GET") {
    return predefined_folder(state, request, session, parts[2]);
  }
  if (request.api_path == "monitors/iServer/nodes" && request.method == "GET") return iserver_nodes(state);
  return std::nullopt;
}

MockResponse handle_dataset_control(ServerState& state, const MockRequest& request) {
  const std::vector<std::string> parts = split_path(request.path);  // "", "__mock", "datasets"[, id]
  DatasetStore& store = state.datasets();
  if (parts.size() == 3 && request.method == "POST") {
    std::optional<MockResponse> error;
    Poco::JSON::Object::Ptr body = parse_object(request.body, error);
    if (!body) return *error;
    DatasetSettings settings;
    {
      auto lock = store.lock();
      settings = store.settings;
    }
    const auto has_type = [&](const char* key, bool integer) {
      if (!body->has(key)) return false;
      const Poco::Dynamic::Var value = body->get(key);
      if (integer
              ? !value.isInteger() || value.convert<long long>() < 0 || value.convert<long long>() > 1000000
              : !value.isBoolean()) {
        throw std::invalid_argument(key);
      }
      return true;
    };
    try {
      if (has_type("runningPolls", true)) settings.running_polls = body->get("runningPolls").convert<int>();
      if (has_type("statusAsString", false))
        settings.status_as_string = body->get("statusAsString").extract<bool>();
      if (has_type("failChunk", true)) settings.fail_chunk = body->get("failChunk").convert<std::uint64_t>();
      if (has_type("publishFails", false)) settings.publish_fails = body->get("publishFails").extract<bool>();
    } catch (const std::invalid_argument& bad) {
      return error_response(400, "ERR006",
                            std::string("POST /__mock/datasets: \"") + bad.what() +
                                "\" has the wrong type (runningPolls and failChunk are whole numbers "
                                "up to 1000000, statusAsString and publishFails are booleans)");
    }
    auto lock = store.lock();
    store.settings = settings;
    return no_content();
  }
  if (parts.size() == 4 && request.method == "GET") {
    auto lock = store.lock();
    auto it = store.datasets.find(parts[3]);
    if (it == store.datasets.end())
      return error_response(404, "ERR004", "No dataset " + parts[3] + " on this server");
    const StoredDataset& dataset = it->second;
    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    reply->set("id", dataset.id);
    reply->set("name", dataset.name);
    reply->set("folderId", dataset.folder_id);
    reply->set("published", dataset.published);
    // Columns as the catalog serves them (attributes, then metrics) and the published rows, per
    // table; the first table's also at the top level, as for a one-table dataset.
    Poco::JSON::Array::Ptr tables = new Poco::JSON::Array;
    for (const StoredTable& table : dataset.tables) {
      Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      entry->set("name", table.name);
      Poco::JSON::Array::Ptr columns = new Poco::JSON::Array;
      for (bool metrics : {false, true}) {
        for (const auto& column : table.columns) {
          if (column.metric != metrics) continue;
          Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
          json->set("name", column.name);
          json->set("dataType", column.data_type);
          json->set("kind", metrics ? "metric" : "attribute");
          columns->add(json);
        }
      }
      entry->set("columns", columns);
      Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
      for (std::size_t i = 0; table.rows && i < table.rows->size(); ++i) {
        const MockRow& row = (*table.rows)[i];
        Poco::JSON::Array::Ptr json = new Poco::JSON::Array;
        for (const auto& form : row.forms) json->add(form);
        for (const auto& metric : row.metrics) json->add(metric ? Poco::Dynamic::Var(*metric) : Poco::Dynamic::Var());
        rows->add(json);
      }
      entry->set("rows", rows);
      tables->add(entry);
    }
    const auto first = tables->getObject(0);
    reply->set("tableName", first->get("name"));
    reply->set("columns", first->get("columns"));
    reply->set("rows", first->get("rows"));
    reply->set("tables", tables);
    std::uint64_t cancelled = 0;
    for (const auto& [id, session] : store.sessions) {
      if (session.dataset_id == dataset.id && session.state == UploadSession::State::cancelled) ++cancelled;
    }
    reply->set("cancelledSessions", cancelled);
    return json_response(200, reply);
  }
  return error_response(404, "ERR004",
                        "No admin endpoint " + request.method + " " + request.path +
                            "; there are POST /__mock/datasets and GET /__mock/datasets/{id}");
}

}  // namespace mstr::mock::internal
