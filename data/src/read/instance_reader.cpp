#include "read/instance_reader.hpp"

#include "read/grid_decoder.hpp"

#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace mstr::internal {
namespace {

using Clock = std::chrono::steady_clock;

// What mstrio-py leaves out of every page: the formatted values and their extras.
constexpr const char* kFields = "-data.metricValues.extras,-data.metricValues.formatted";
// How often one read may run its instance again after the server forgot it.
constexpr int kMaxReopens = 3;

std::vector<std::string> prompt_names(const Poco::Dynamic::Var& prompts) {
  std::vector<std::string> names;
  Poco::JSON::Array::Ptr list;
  if (prompts.type() == typeid(Poco::JSON::Array::Ptr)) list = prompts.extract<Poco::JSON::Array::Ptr>();
  if (!list) return names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto prompt = list->getObject(static_cast<unsigned>(i));
    if (!prompt) continue;
    for (const char* key : {"name", "key", "id"}) {
      if (prompt->has(key) && prompt->get(key).isString() && !prompt->get(key).extract<std::string>().empty()) {
        names.push_back(prompt->get(key).extract<std::string>());
        break;
      }
    }
  }
  return names;
}

class InstanceReader {
 public:
  InstanceReader(Session& session, DataSourceKind kind, std::string id, const ReadOptions& options)
      : session_(session), kind_(kind), id_(std::move(id)), options_(options) {
    check_object_id(kind_, id_);
    project_ = project_for(session_, kind_, id_, options_);
    page_size_ = std::clamp<std::size_t>(options_.page_size, 1, 10'000'000);
    parallel_ = std::clamp(options_.parallel, 1, 64);
  }

  ReadSummary run(const PageSink& on_page) {
    GridPage first = open(page_size_);
    ReadSummary summary;
    summary.columns = first.columns;
    summary.total = first.paging.total;
    const std::size_t total = first.paging.total;
    // A server that caps the page size sends fewer rows than asked: page by what it sends.
    std::size_t step = page_size_;
    if (first.paging.current > 0 && first.paging.current < step && first.paging.current < total) step = first.paging.current;
    std::size_t next = first.paging.offset + first.paging.current;
    deliver(summary, std::move(first), on_page);

    if (parallel_ == 1) {
      while (next < total) next = fetch_and_deliver(summary, next, std::min(step, total - next), on_page);
      return summary;
    }
    struct InFlight {
      std::size_t offset;
      std::size_t limit;
      std::future<GridPage> page;
    };
    std::deque<InFlight> in_flight;
    std::size_t planned = next;
    while (next < total) {
      while (in_flight.size() < static_cast<std::size_t>(parallel_) && planned < total) {
        const std::size_t limit = std::min(step, total - planned);
        in_flight.push_back({planned, limit, std::async(std::launch::async, [this, planned, limit] {
                               return fetch(planned, limit);
                             })});
        planned += limit;
      }
      InFlight head = std::move(in_flight.front());
      in_flight.pop_front();
      GridPage page = head.page.get();
      if (page.row_count() == 0) no_progress(head.offset);
      // More rows than asked would overlap the next page in flight.
      page.truncate(head.limit);
      page.paging.offset = head.offset;
      next = head.offset + page.row_count();
      deliver(summary, std::move(page), on_page);
      // A short page leaves a gap before the next page in flight: fill it one page at a time.
      while (next < head.offset + head.limit) {
        next = fetch_and_deliver(summary, next, head.offset + head.limit - next, on_page);
      }
    }
    return summary;
  }

 private:
  std::string base() const { return std::string(kind_ == DataSourceKind::report ? "v2/reports/" : "v2/cubes/") + id_; }

  RequestOptions page_request(std::size_t offset, std::size_t limit) const {
    RequestOptions request;
    request.project_id = project_;
    request.params = {{"offset", std::to_string(offset)}, {"limit", std::to_string(limit)}, {"fields", kFields}};
    return request;
  }

  [[noreturn]] void no_progress(std::size_t offset) const {
    throw Error(std::string("the server sent no rows for ") + noun(kind_) + " " + id_ + " at row " +
                std::to_string(offset) + " although it reported more; the read was stopped instead of asking again");
  }

  // POSTs a new instance, answers its prompts, and returns its first page. The instance id is kept
  // for the pages that follow.
  GridPage open(std::size_t limit) {
    RequestOptions request = page_request(0, limit);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    if (options_.requested_objects) body->set("requestedObjects", *options_.requested_objects);
    if (options_.view_filter) body->set("viewFilter", *options_.view_filter);
    request.json = body;
    GridPage page = decode_page(session_.post(base() + "/instances", request).text());
    if (page.instance_id.empty()) {
      throw Error(std::string("the server's reply to running ") + noun(kind_) + " " + id_ + " has no instanceId");
    }
    if (kind_ == DataSourceKind::report && page.status == 2) {
      answer_prompts(page.instance_id);
      page = get_page(page.instance_id, 0, limit);
      if (page.status == 2) refuse_unanswered(page.instance_id);
    }
    if (!page.instance_id.empty()) instance_id_ = page.instance_id;
    return page;
  }

  [[noreturn]] void refuse_unanswered(const std::string&) {
    ReadOptions scoped;
    scoped.project_id = project_;
    const auto names = prompt_names(list_prompts(session_, id_, scoped, true));
    std::string message = "report " + id_ + " has prompts";
    if (!names.empty()) message += " (" + join(names, ", ") + ")";
    message += options_.prompt_answers ? " that the answers given do not answer"
                                       : " and no answers were given: pass the answers body {\"prompts\":[...]} "
                                         "(ReadOptions::prompt_answers; mstr report --answers FILE)";
    throw PromptedContentError(message, names);
  }

  void answer_prompts(const std::string& instance_id) {
    if (!options_.prompt_answers) refuse_unanswered(instance_id);
    RequestOptions request;
    request.project_id = project_;
    request.json = *options_.prompt_answers;
    session_.put("reports/" + id_ + "/instances/" + instance_id + "/prompts/answers", request);
    wait_until_ready(instance_id);
  }

  // Polls the instance status: 202 is still running (wait Retry-After, 1 s without one), 200 says
  // the status; all under the execution deadline.
  void wait_until_ready(const std::string& instance_id) {
    const auto deadline = Clock::now() + options_.execution_deadline;
    RequestOptions request;
    request.project_id = project_;
    for (;;) {
      const Response response = session_.get("reports/" + id_ + "/instances/" + instance_id + "/status", request);
      if (response.status() != 202) {
        const GridPage status = decode_status(response);
        if (status.status == 2) refuse_unanswered(instance_id);
        return;
      }
      std::chrono::milliseconds wait{1000};
      if (auto header = response.header("Retry-After")) wait = parse_retry_after(*header).value_or(wait);
      if (Clock::now() + wait > deadline) {
        ServerErrorDetails details;
        details.message = "report " + id_ + " was still executing when the deadline of " +
                          std::to_string(options_.execution_deadline.count()) + " ms passed";
        throw MstrTimeoutError(std::move(details));
      }
      std::this_thread::sleep_for(wait);
    }
  }

  static GridPage decode_status(const Response& response) {
    GridPage status;
    if (response.text().empty()) return status;
    const auto body = response.json();
    if (body.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = body.extract<Poco::JSON::Object::Ptr>();
      if (object->has("status") && object->get("status").isNumeric()) status.status = object->get("status").convert<int>();
    }
    return status;
  }

  GridPage get_page(const std::string& instance_id, std::size_t offset, std::size_t limit) {
    return decode_page(session_.get(base() + "/instances/" + instance_id, page_request(offset, limit)).text());
  }

  // One page of the current instance; an instance the server no longer knows is run again (the
  // first thread to notice does it, the others use the new one).
  GridPage fetch(std::size_t offset, std::size_t limit) {
    std::string instance_id;
    int generation = 0;
    {
      std::lock_guard lock(mutex_);
      instance_id = instance_id_;
      generation = generation_;
    }
    try {
      return get_page(instance_id, offset, limit);
    } catch (const ResourceNotFoundException&) {
      std::lock_guard lock(mutex_);
      if (generation == generation_) {
        if (reopens_ >= kMaxReopens) throw;
        ++reopens_;
        open(1);
        ++generation_;
      }
      instance_id = instance_id_;
    }
    return get_page(instance_id, offset, limit);
  }

  std::size_t fetch_and_deliver(ReadSummary& summary, std::size_t offset, std::size_t limit, const PageSink& on_page) {
    GridPage page = fetch(offset, limit);
    if (page.row_count() == 0) no_progress(offset);
    page.truncate(limit);
    page.paging.offset = offset;
    const std::size_t next = offset + page.row_count();
    deliver(summary, std::move(page), on_page);
    return next;
  }

  // ReadOptions::deadline: past it, the read stops saying how far it got.
  void check_deadline(const ReadSummary& summary) const {
    if (!options_.deadline || Clock::now() < *options_.deadline) return;
    throw TimeoutError(std::string("the read of ") + noun(kind_) + " " + id_ + " passed its deadline after " +
                       std::to_string(summary.rows) + " of " + std::to_string(summary.total) + " rows");
  }

  void deliver(ReadSummary& summary, GridPage page, const PageSink& on_page) const {
    check_deadline(summary);
    if (summary.pages > 0 && !same_columns(summary.columns, page.columns)) {
      throw Error(std::string("the server's pages of ") + noun(kind_) + " " + id_ +
                  " disagree about the columns; the read was stopped");
    }
    ++summary.pages;
    summary.rows += page.row_count();
    on_page(page, summary);
    if (summary.rows < summary.total) check_deadline(summary);
  }

  static bool same_columns(const std::vector<Column>& a, const std::vector<Column>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].name != b[i].name || a[i].kind != b[i].kind) return false;
    }
    return true;
  }

  Session& session_;
  const DataSourceKind kind_;
  const std::string id_;
  const ReadOptions& options_;
  std::string project_;
  std::size_t page_size_ = 0;
  int parallel_ = 1;

  std::mutex mutex_;  // guards the instance id while pages are in flight
  std::string instance_id_;
  int generation_ = 0;
  int reopens_ = 0;
};

}  // namespace

const char* noun(DataSourceKind kind) { return kind == DataSourceKind::report ? "report" : "cube"; }

void check_object_id(DataSourceKind kind, const std::string& id) {
  const bool hex = id.size() == 32 && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isxdigit(c); });
  if (!hex) {
    throw ConfigurationError("'" + id.substr(0, 64) + "' is not a " + noun(kind) +
                             " id: an object id is 32 hexadecimal digits");
  }
}

std::string project_for(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options) {
  if (options.project_id && !options.project_id->empty()) return *options.project_id;
  if (const auto selected = session.selected_project()) return selected->id;
  throw ConfigurationError(std::string("reading ") + noun(kind) + " " + id +
                           " needs a project: set ReadOptions::project_id or select one on the session");
}

ReadSummary read_instance(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options,
                          const PageSink& on_page) {
  return InstanceReader(session, kind, id, options).run(on_page);
}

Poco::Dynamic::Var list_prompts(Session& session, const std::string& id, const ReadOptions& options, bool open_only) {
  check_object_id(DataSourceKind::report, id);
  RequestOptions request;
  request.project_id = project_for(session, DataSourceKind::report, id, options);
  if (open_only) request.params = {{"closed", "false"}};
  return session.get("reports/" + id + "/prompts", request).json();
}

}  // namespace mstr::internal
