#include "report_api.hpp"

#include "../request_parsing.hpp"

#include "builtin_tables.hpp"
#include "grid_json.hpp"
#include "instance_view.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <mstr/sdk/json_text.hpp>

#include <charconv>
#include <map>
#include <thread>
#include <vector>

namespace mstr::mock::internal {
namespace {

// What a Library server reports for an execution that ran past its time limit.
constexpr long long kRequestTimeoutIServerCode = -2147206497;  // MSI_REQUEST_TIMEOUT
constexpr std::size_t kDefaultLimit = 5000;
constexpr std::size_t kMaxTopN = 10000;
constexpr std::size_t kDefaultElementLimit = 200000;  // the API functions' default in mstrio-py

MockResponse json(int status, std::string body) { return MockResponse{status, {}, "application/json", std::move(body)}; }

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > start) parts.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

// The last value of `name` in the query, "" when absent.
std::string query_value(const std::string& query, const std::string& name) {
  const std::vector<std::string> values = query_values(query, name);
  return values.empty() ? std::string() : values.back();
}

// A non-negative number from the query, the default when absent; nullopt when malformed.
std::optional<std::size_t> query_count(const std::string& query, const std::string& name, std::size_t fallback) {
  const std::string text = query_value(query, name);
  if (text.empty()) return fallback;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class ReportApi {
 public:
  ReportApi(ServerState& state, const MockRequest& request, const SessionRecord& session)
      : state_(state), request_(request), session_(session), parts_(split_path(request.api_path)) {}

  std::optional<MockResponse> handle() {
    const bool v2 = !parts_.empty() && parts_[0] == "v2";
    const std::size_t at = v2 ? 1 : 0;
    if (parts_.size() < at + 2) return std::nullopt;
    const std::string& collection = parts_[at];
    if (collection != "reports" && collection != "cubes") return std::nullopt;
    const bool report = collection == "reports";
    if (auto refused = check_project()) return refused;
    const auto table = state_.data().find(parts_[at + 1]);
    const bool kind_matches =
        table && (report ? table->kind == MockTable::Kind::report : table->kind != MockTable::Kind::report);
    if (!kind_matches || table->project_id != project_) {
      return error_response(404, "ERR004",
                            std::string("No ") + (report ? "report" : "cube") + " with id " + parts_[at + 1] +
                                " in project " + project_);
    }
    const std::vector<std::string> rest(parts_.begin() + static_cast<long>(at) + 2, parts_.end());
    const std::string& method = request_.method;
    if (v2) {
      if (rest.empty() && method == "GET") return json(200, definition_json(*table));
      if (!report && rest.empty() && method == "POST") return publish(*table);
      if (!report && rest.size() == 1 && rest[0] == "sqlView" && method == "GET") return sql_view(*table);
      if (rest.size() == 1 && rest[0] == "instances" && method == "POST") return run(table);
      if (rest.size() == 2 && rest[0] == "instances" && method == "GET") return page(*table, rest[1]);
      if (report && rest.size() == 3 && rest[0] == "instances" && rest[2] == "sqlView" && method == "GET") {
        return instance_sql_view(rest[1]);
      }
      if (report && rest.size() == 4 && rest[0] == "instances" && rest[2] == "pageBy" && rest[3] == "elements" &&
          method == "GET") {
        if (auto missing = find_instance(rest[1]); !missing) return unknown_instance(rest[1]);
        return json(200, "{\"pageBy\":[],\"validPageByElements\":{\"items\":[]}}");
      }
    } else {
      if (rest.size() == 3 && rest[0] == "attributes" && rest[2] == "elements" && method == "GET") {
        return elements(*table, rest[1]);
      }
      if (report) {
        if (rest.size() == 1 && rest[0] == "prompts" && method == "GET") return prompts(*table, nullptr);
        if (rest.size() == 3 && rest[0] == "instances" && rest[2] == "prompts" && method == "GET") {
          const auto instance = find_instance(rest[1]);
          if (!instance) return unknown_instance(rest[1]);
          return prompts(*table, &*instance);
        }
        if (rest.size() == 3 && rest[0] == "instances" && rest[2] == "status" && method == "GET") return status(rest[1]);
        if (rest.size() == 4 && rest[0] == "instances" && rest[2] == "prompts" && rest[3] == "answers" &&
            method == "PUT") {
          return answer(rest[1]);
        }
      } else if (rest.empty() && method == "HEAD") {
        // A dataset never published has no cube cache: neither READY nor LOADED.
        const int status = table->published ? state_.cube_states().read_status(table->id) : 0;
        return MockResponse{200, {{"X-MSTR-CubeStatus", std::to_string(status)}}, "", ""};
      }
    }
    return error_response(404, "ERR004", "No endpoint " + method + " " + request_.path + " on this server");
  }

 private:
  std::optional<MockResponse> check_project() {
    project_ = request_.header("x-mstr-projectid");
    if (project_.empty()) {
      return error_response(400, "ERR005", "X-MSTR-ProjectID is missing; data requests need a project");
    }
    if (!state_.find_project(project_)) {
      return error_response(404, "ERR004", "No project with id " + project_ + " exists on this server");
    }
    return std::nullopt;
  }

  void page_latency() const {
    if (auto latency = state_.page_latency(); latency.count() > 0) std::this_thread::sleep_for(latency);
  }

  std::optional<ReportInstance> find_instance(const std::string& id) const {
    return state_.report_instances().find(id, session_.token);
  }

  MockResponse unknown_instance(const std::string& id) const {
    return error_response(404, "ERR004", "No instance " + id + " for this session; instances end with their session");
  }

  std::optional<MockResponse> grid_request(GridRequest& grid) const {
    const auto offset = query_count(request_.query, "offset", 0);
    const auto limit = query_count(request_.query, "limit", kDefaultLimit);
    if (!offset || !limit) return error_response(400, "ERR006", "offset and limit must be non-negative integers");
    grid.offset = *offset;
    grid.limit = *limit;
    const std::string fields = query_value(request_.query, "fields");
    grid.formatted = fields.find("-data.metricValues.formatted") == std::string::npos;
    grid.extras = fields.find("-data.metricValues.extras") == std::string::npos;
    return std::nullopt;
  }

  MockResponse grid(const ReportInstance& instance, const std::string& id, const GridRequest& request) const {
    return json(200, grid_json(*instance.view, id, request));
  }

  // The prompted report's rows once answered, seen through the instance's body.
  std::optional<MockResponse> view_answered(ReportInstance& instance) const {
    std::optional<MockResponse> error;
    instance.view = instance_view(std::make_shared<MockTable>(prompted_table(instance.top_n)), instance.body, error);
    return error;
  }

  MockResponse run(const std::shared_ptr<const MockTable>& table) {
    if (!table->published) {
      return error_response(404, "ERR004", "Dataset " + table->id + " has not been published: its data cannot be read "
                                           "before a publish has completed");
    }
    GridRequest request;
    if (auto bad = grid_request(request)) return *bad;
    ReportInstance instance{table->id, session_.token, table->id != kPromptedReportId, 0, false, request_.body, nullptr};
    std::optional<MockResponse> error;
    if (instance.answered) {
      instance.view = instance_view(table, request_.body, error);
    } else {
      instance_view(std::make_shared<MockTable>(prompted_table(0)), request_.body, error);  // checks the body now
    }
    if (error) return *error;
    page_latency();
    if (table->id == kTimeoutReportId) {
      return error_response(500, "ERR002", "The report execution exceeded the Intelligence Server's time limit",
                            kRequestTimeoutIServerCode);
    }
    const std::string id = random_hex(32);
    state_.report_instances().put(id, instance);
    // executionStage=resolve_prompts runs nothing yet: the instance, its status, no grid.
    const bool resolve_only = query_value(request_.query, "executionStage") == "resolve_prompts";
    if (!instance.answered || resolve_only) {
      return json(200, "{\"id\":\"" + table->id + "\",\"instanceId\":\"" + id + "\",\"status\":" +
                           (instance.answered ? "1" : "2") + "}");
    }
    return grid(instance, id, request);
  }

  MockResponse page(const MockTable& table, const std::string& id) {
    const auto instance = find_instance(id);
    if (!instance) return unknown_instance(id);
    GridRequest request;
    if (auto bad = grid_request(request)) return *bad;
    if (!instance->answered) return json(200, "{\"id\":\"" + table.id + "\",\"instanceId\":\"" + id + "\",\"status\":2}");
    page_latency();
    return grid(*instance, id, request);
  }

  MockResponse instance_sql_view(const std::string& id) const {
    const auto instance = find_instance(id);
    if (!instance) return unknown_instance(id);
    if (!instance->answered) {
      return error_response(400, "ERR006", "The instance " + id + " has unanswered prompts; answer them to see its SQL");
    }
    Poco::JSON::Object reply;
    reply.set("sqlStatement", sql_statement(*instance->view));
    return json_response(200, reply);
  }

  MockResponse sql_view(const MockTable& table) const {
    Poco::JSON::Object reply;
    reply.set("sqlStatement", sql_statement(table));
    return json_response(200, reply);
  }

  // POST v2/cubes/{id}: 202 and a job; the cube reads as processing for a moment (cube_states.hpp).
  MockResponse publish(const MockTable& table) {
    const auto job = state_.cube_states().publish(table.id, table.id == kNeverPublishedCubeId);
    return json(202, "{\"id\":\"" + std::to_string(job) + ":" + table.id + "\",\"jobId\":" + std::to_string(job) + "}");
  }

  // GET reports|cubes/{id}/attributes/{attrId}/elements: the attribute's elements in order of first
  // appearance, paged by offset and limit, the total in X-MSTR-Total-Count.
  MockResponse elements(const MockTable& table, const std::string& attribute_id) const {
    std::size_t attribute = table.attributes.size();
    for (std::size_t a = 0; a < table.attributes.size(); ++a) {
      if (Poco::icompare(table.attributes[a].id, attribute_id) == 0) attribute = a;
    }
    if (attribute == table.attributes.size()) {
      return error_response(404, "ERR004", "No attribute " + attribute_id + " in " + table.name);
    }
    const auto offset = query_count(request_.query, "offset", 0);
    const auto limit = query_count(request_.query, "limit", kDefaultElementLimit);
    if (!offset || !limit) return error_response(400, "ERR006", "offset and limit must be non-negative integers");
    const std::shared_ptr<const MockTable> base =
        table.id == kPromptedReportId ? std::make_shared<MockTable>(prompted_table(kMaxTopN)) : nullptr;
    const MockTable& source = base ? *base : table;
    std::size_t first_form = 0;
    for (std::size_t a = 0; a < attribute; ++a) first_form += std::max<std::size_t>(source.attributes[a].forms.size(), 1);
    const std::size_t forms = std::max<std::size_t>(source.attributes[attribute].forms.size(), 1);
    std::map<std::string, bool> seen;
    std::size_t total = 0;
    std::string list = "[";
    MockRow row;
    for (std::size_t r = 0; r < source.row_count; ++r) {
      source.row(r, row);
      if (row.forms[first_form] == "Total") continue;
      if (!seen.emplace(row.forms[first_form], true).second) continue;
      if (total >= *offset && total - *offset < *limit) {
        if (list.size() > 1) list += ',';
        list += "{\"id\":";
        append_json_string(list, source.attributes[attribute].id + ":" + row.forms[first_form]);
        list += ",\"formValues\":[";
        for (std::size_t f = 0; f < forms; ++f) {
          if (f > 0) list += ',';
          append_json_string(list, row.forms[first_form + f]);
        }
        list += "]}";
      }
      ++total;
    }
    list += ']';
    MockResponse reply = json(200, std::move(list));
    reply.headers.emplace_back("X-MSTR-Total-Count", std::to_string(total));
    return reply;
  }

  // The report's prompts; for an instance (`instance` set) each with its current answer.
  MockResponse prompts(const MockTable& table, const ReportInstance* instance) const {
    if (table.id != kPromptedReportId) return json(200, "[]");
    const std::string id = kTopNPromptKey.substr(0, 32);
    std::string answers;
    if (instance && instance->answered) answers = ",\"answers\":" + std::to_string(instance->top_n);
    return json(200, "[{\"key\":\"" + kTopNPromptKey + "\",\"id\":\"" + id +
                         "\",\"name\":\"Top N\",\"type\":\"VALUE\",\"required\":true,\"closed\":false,"
                         "\"dataType\":\"INTEGER\",\"min\":1,\"max\":" + std::to_string(kMaxTopN) +
                         answers + "}]");
  }

  MockResponse status(const std::string& id) {
    auto instance = find_instance(id);
    if (!instance) return unknown_instance(id);
    if (instance->answered && !instance->status_polled) {
      instance->status_polled = true;
      state_.report_instances().update(id, *instance);
      MockResponse running = json(202, "{\"id\":\"" + instance->table_id + "\",\"instanceId\":\"" + id + "\",\"status\":1}");
      running.headers.emplace_back("Retry-After", "1");
      return running;
    }
    return json(200, "{\"id\":\"" + instance->table_id + "\",\"instanceId\":\"" + id + "\",\"status\":" +
                         (instance->answered ? "1" : "2") + "}");
  }

  // {"prompts":[{"key"|"id"|"name": ..., "type": "VALUE", "answers": N | "N" | [N]}]}
  MockResponse answer(const std::string& id) {
    auto instance = find_instance(id);
    if (!instance) return unknown_instance(id);
    Poco::JSON::Array::Ptr list;
    try {
      const auto parsed = Poco::JSON::Parser().parse(request_.body);
      if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) list = parsed.extract<Poco::JSON::Object::Ptr>()->getArray("prompts");
    } catch (const Poco::Exception&) {
      list = nullptr;
    }
    if (!list) return error_response(400, "ERR006", "The answers body must be {\"prompts\":[...]}");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto prompt = list->getObject(static_cast<unsigned>(i));
      if (!prompt) continue;
      const bool ours = prompt->optValue<std::string>("key", "") == kTopNPromptKey ||
                        prompt->optValue<std::string>("id", "") == kTopNPromptKey.substr(0, 32) ||
                        prompt->optValue<std::string>("name", "") == "Top N";
      if (!ours) continue;
      Poco::Dynamic::Var value = prompt->get("answers");
      if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto answers = value.extract<Poco::JSON::Array::Ptr>();
        value = answers->size() > 0 ? answers->get(0) : Poco::Dynamic::Var();
      }
      long long top_n = 0;
      try {
        top_n = value.isEmpty() ? 0 : value.convert<long long>();
      } catch (const Poco::Exception&) {
        top_n = 0;
      }
      if (top_n < 1 || top_n > static_cast<long long>(kMaxTopN)) {
        return error_response(400, "ERR006",
                              "The answer to prompt Top N must be a whole number from 1 to " + std::to_string(kMaxTopN));
      }
      instance->answered = true;
      instance->top_n = static_cast<std::size_t>(top_n);
      instance->status_polled = false;
      if (auto refused = view_answered(*instance)) return *refused;
      state_.report_instances().update(id, *instance);
    }
    return MockResponse{204, {}, "", ""};
  }

  ServerState& state_;
  const MockRequest& request_;
  const SessionRecord& session_;
  const std::vector<std::string> parts_;
  std::string project_;
};

}  // namespace

std::optional<MockResponse> handle_report_request(ServerState& state, const MockRequest& request,
                                                  const SessionRecord& session) {
  return ReportApi(state, request, session).handle();
}

}  // namespace mstr::mock::internal
