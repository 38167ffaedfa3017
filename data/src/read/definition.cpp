// Report and Cube beyond their rows: definitions, attribute elements, SQL, cube publish and status.
#include <mstr/report.hpp>

#include "read/instance_reader.hpp"

#include <mstr/errors.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <array>
#include <thread>

namespace mstr {
namespace {

using internal::DataSourceKind;
using Clock = std::chrono::steady_clock;

Poco::JSON::Object::Ptr object_of(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(Poco::JSON::Object::Ptr) ? value.extract<Poco::JSON::Object::Ptr>() : nullptr;
}

std::string text_of(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key)) return {};
  const auto value = object->get(key);
  return value.isString() ? value.extract<std::string>() : std::string();
}

RequestOptions scoped(const std::string& project_id) {
  RequestOptions request;
  request.project_id = project_id;
  return request;
}

// Attributes from the grid's units of type "attribute" (with their forms), metrics from the
// templateMetrics unit; what the grid lacks from definition.availableObjects (a cube's definition).
Definition parse_definition(const Poco::Dynamic::Var& reply, DataSourceKind kind, const std::string& id) {
  const auto root = object_of(reply);
  if (!root) throw Error(std::string("the definition of ") + internal::noun(kind) + " " + id + " is not a JSON object");
  Definition definition;
  definition.name = text_of(root, "name");
  const auto body = root->getObject("definition");
  const auto grid = body ? body->getObject("grid") : nullptr;
  for (const char* axis : {"rows", "columns", "pageBy"}) {
    const auto units = grid ? grid->getArray(axis) : nullptr;
    for (std::size_t u = 0; units && u < units->size(); ++u) {
      const auto unit = units->getObject(static_cast<unsigned>(u));
      const std::string type = text_of(unit, "type");
      if (type == "attribute") {
        AttributeInfo attribute{text_of(unit, "id"), text_of(unit, "name"), {}};
        const auto forms = unit->getArray("forms");
        for (std::size_t f = 0; forms && f < forms->size(); ++f) {
          const auto form = forms->getObject(static_cast<unsigned>(f));
          attribute.forms.push_back({text_of(form, "id"), text_of(form, "name")});
        }
        definition.attributes.push_back(std::move(attribute));
      } else if (type == "templateMetrics") {
        const auto elements = unit->getArray("elements");
        for (std::size_t m = 0; elements && m < elements->size(); ++m) {
          const auto metric = elements->getObject(static_cast<unsigned>(m));
          definition.metrics.push_back({text_of(metric, "id"), text_of(metric, "name")});
        }
      }
    }
  }
  const auto available = body ? body->getObject("availableObjects") : nullptr;
  if (available && definition.attributes.empty()) {
    const auto list = available->getArray("attributes");
    for (std::size_t a = 0; list && a < list->size(); ++a) {
      const auto attribute = list->getObject(static_cast<unsigned>(a));
      definition.attributes.push_back({text_of(attribute, "id"), text_of(attribute, "name"), {}});
    }
  }
  if (available && definition.metrics.empty()) {
    const auto list = available->getArray("metrics");
    for (std::size_t m = 0; list && m < list->size(); ++m) {
      const auto metric = list->getObject(static_cast<unsigned>(m));
      definition.metrics.push_back({text_of(metric, "id"), text_of(metric, "name")});
    }
  }
  return definition;
}

Definition fetch_definition(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options) {
  internal::check_object_id(kind, id);
  const std::string project = internal::project_for(session, kind, id, options);
  const std::string path = std::string(kind == DataSourceKind::report ? "v2/reports/" : "v2/cubes/") + id;
  return parse_definition(session.get(path, scoped(project)).json(), kind, id);
}

std::string sql_of(const Poco::Dynamic::Var& reply, const std::string& what) {
  const auto root = object_of(reply);
  if (!root || !root->has("sqlStatement") || !root->get("sqlStatement").isString()) {
    throw Error("the SQL view of " + what + " has no sqlStatement");
  }
  return root->get("sqlStatement").extract<std::string>();
}

constexpr std::array<const char*, 15> kCubeStateNames = {
    "PROCESSING",  "ACTIVE",          "PERSISTED",          "DIRTY_INFO", "DIRTY",
    "LOADED",      "READY",           "LOAD_PENDING",       "UNLOAD_PENDING", "PENDING_FOR_ENGINE",
    "IMPORTED",    "FOREIGN",         "UNKNOWN1",           "UNKNOWN2",   "UNKNOWN3"};

}  // namespace

// ---- attribute elements -------------------------------------------------------------------------

struct AttributeElements::iterator::State {
  Session* session = nullptr;
  std::string path;
  std::string project_id;
  std::size_t page_size = 0;
  std::vector<AttributeElement> page;
  std::size_t index = 0;        // within page
  std::size_t offset = 0;       // of the next page to fetch
  std::optional<std::size_t> total;
  bool last_page = false;

  // Fetches pages until one holds an element or there are no more; false at the end.
  bool fill() {
    while (index >= page.size()) {
      if (last_page || (total && offset >= *total)) return false;
      RequestOptions request = scoped(project_id);
      request.params = {{"offset", std::to_string(offset)}, {"limit", std::to_string(page_size)}};
      const Response response = session->get(path, request);
      if (auto header = response.header("X-MSTR-Total-Count")) {
        Poco::UInt64 count = 0;
        if (Poco::NumberParser::tryParseUnsigned64(*header, count)) total = static_cast<std::size_t>(count);
      }
      const auto body = response.json();
      if (body.type() != typeid(Poco::JSON::Array::Ptr)) throw Error("GET " + path + " did not answer a list of elements");
      const auto list = body.extract<Poco::JSON::Array::Ptr>();
      page.clear();
      index = 0;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto element = list->getObject(static_cast<unsigned>(i));
        AttributeElement entry{text_of(element, "id"), {}};
        const auto forms = element ? element->getArray("formValues") : nullptr;
        for (std::size_t f = 0; forms && f < forms->size(); ++f) {
          const auto value = forms->get(static_cast<unsigned>(f));
          entry.form_values.push_back(value.isEmpty() ? std::string() : value.convert<std::string>());
        }
        page.push_back(std::move(entry));
      }
      offset += page.size();
      // A short or empty page ends the list whatever the total says: the loop is bounded.
      if (page.size() < page_size) last_page = true;
    }
    return true;
  }
};

AttributeElements::iterator::iterator(std::shared_ptr<State> state) : state_(std::move(state)) {
  if (state_ && !state_->fill()) state_.reset();
}

bool AttributeElements::iterator::at_end() const { return !state_; }

const AttributeElement& AttributeElements::iterator::operator*() const { return state_->page[state_->index]; }

AttributeElements::iterator& AttributeElements::iterator::operator++() {
  ++state_->index;
  if (!state_->fill()) state_.reset();
  return *this;
}

AttributeElements::AttributeElements(Session& session, std::string path, std::string project_id, std::size_t page_size)
    : session_(&session), path_(std::move(path)), project_id_(std::move(project_id)),
      page_size_(std::clamp<std::size_t>(page_size, 1, 200000)) {}

AttributeElements::iterator AttributeElements::begin() const {
  auto state = std::make_shared<iterator::State>();
  state->session = session_;
  state->path = path_;
  state->project_id = project_id_;
  state->page_size = page_size_;
  return iterator(std::move(state));
}

// ---- cube status ------------------------------------------------------------------------------

std::vector<std::string> CubeStatus::names() const {
  std::vector<std::string> names;
  for (std::size_t bit = 0; bit < kCubeStateNames.size(); ++bit) {
    if ((bits & (1 << bit)) != 0) names.emplace_back(kCubeStateNames[bit]);
  }
  if (names.empty()) names.emplace_back("NONE");
  return names;
}

// ---- Report -------------------------------------------------------------------------------------

Definition Report::definition(const ReadOptions& options) {
  return fetch_definition(*session_, DataSourceKind::report, id_, options);
}

AttributeElements Report::elements(const std::string& attribute_id, const ReadOptions& options, std::size_t page_size) {
  internal::check_object_id(DataSourceKind::report, id_);
  return AttributeElements(*session_, "reports/" + id_ + "/attributes/" + attribute_id + "/elements",
                           internal::project_for(*session_, DataSourceKind::report, id_, options), page_size);
}

std::string Report::sql(const ReadOptions& options) {
  internal::check_object_id(DataSourceKind::report, id_);
  const std::string project = internal::project_for(*session_, DataSourceKind::report, id_, options);
  RequestOptions request = scoped(project);
  request.params = {{"executionStage", "resolve_prompts"}};
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  if (options.requested_objects) body->set("requestedObjects", *options.requested_objects);
  if (options.view_filter) body->set("viewFilter", *options.view_filter);
  request.json = body;
  const auto created = object_of(session_->post("v2/reports/" + id_ + "/instances", request).json());
  const std::string instance = text_of(created, "instanceId");
  if (instance.empty()) throw Error("the server's reply to creating an instance of report " + id_ + " has no instanceId");
  const bool prompted = created->has("status") && created->get("status").isNumeric() && created->get("status").convert<int>() == 2;
  if (prompted) {
    if (!options.prompt_answers) {
      throw PromptedContentError("report " + id_ + " has prompts: its SQL needs their answers (ReadOptions::prompt_answers)",
                                 {});
    }
    RequestOptions answers = scoped(project);
    answers.json = *options.prompt_answers;
    session_->put("reports/" + id_ + "/instances/" + instance + "/prompts/answers", answers);
  }
  return sql_of(session_->get("v2/reports/" + id_ + "/instances/" + instance + "/sqlView", scoped(project)).json(),
                "report " + id_);
}

// ---- Cube ---------------------------------------------------------------------------------------

Definition Cube::definition(const ReadOptions& options) {
  return fetch_definition(*session_, DataSourceKind::cube, id_, options);
}

AttributeElements Cube::elements(const std::string& attribute_id, const ReadOptions& options, std::size_t page_size) {
  internal::check_object_id(DataSourceKind::cube, id_);
  return AttributeElements(*session_, "cubes/" + id_ + "/attributes/" + attribute_id + "/elements",
                           internal::project_for(*session_, DataSourceKind::cube, id_, options), page_size);
}

std::string Cube::sql(const ReadOptions& options) {
  internal::check_object_id(DataSourceKind::cube, id_);
  const std::string project = internal::project_for(*session_, DataSourceKind::cube, id_, options);
  return sql_of(session_->get("v2/cubes/" + id_ + "/sqlView", scoped(project)).json(), "cube " + id_);
}

void Cube::publish(const ReadOptions& options) {
  internal::check_object_id(DataSourceKind::cube, id_);
  session_->post("v2/cubes/" + id_, scoped(internal::project_for(*session_, DataSourceKind::cube, id_, options)));
}

CubeStatus Cube::status(const ReadOptions& options) {
  internal::check_object_id(DataSourceKind::cube, id_);
  RequestOptions request = scoped(internal::project_for(*session_, DataSourceKind::cube, id_, options));
  // A HEAD reply has no body to name the error, so the status says it.
  request.allow_error_status = true;
  const Response response = session_->head("cubes/" + id_, request);
  if (response.status() >= 400) {
    ServerErrorDetails details;
    details.http_status = response.status();
    details.message = "HEAD cubes/" + id_ + " answered HTTP " + std::to_string(response.status()) +
                      (response.status() == 404 ? ": no cube with this id in the project" : "");
    if (response.status() == 404) throw ResourceNotFoundException(std::move(details));
    throw MSTRUnknownException(std::move(details));
  }
  const auto header = response.header("X-MSTR-CubeStatus");
  int bits = 0;
  if (!header || !Poco::NumberParser::tryParse(*header, bits) || bits < 0) {
    throw Error("HEAD cubes/" + id_ + " answered without a numeric X-MSTR-CubeStatus");
  }
  return CubeStatus{bits};
}

CubeStatus Cube::wait_until_ready(Clock::time_point deadline, const ReadOptions& options,
                                  const std::function<void(const CubeStatus&)>& on_poll) {
  std::chrono::milliseconds pause{250};
  for (;;) {
    const CubeStatus now = status(options);
    if (on_poll) on_poll(now);
    if (!now.processing()) return now;
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) {
      std::string names;
      for (const auto& name : now.names()) names += (names.empty() ? "" : ", ") + name;
      ServerErrorDetails details;
      details.message = "cube " + id_ + " was still publishing when the deadline passed (status " +
                        std::to_string(now.bits) + ": " + names + ")";
      throw MstrTimeoutError(std::move(details));
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, left));
    pause = std::min<std::chrono::milliseconds>(pause * 2, std::chrono::seconds(5));
  }
}

}  // namespace mstr
