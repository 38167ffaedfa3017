#pragma once
// Reports and cubes: run one, answer its prompts, and read its rows page by page.
//
//   mstr::Report report(session, "B7CA92F04B9FAE8D941C3E9B7E0CD754");
//   report.stream({.project_id = project}, [](const mstr::DataPage& page) { ... });
//   mstr::DataTable table = mstr::Cube(session, cube_id).to_table({.project_id = project});
//
// Every request goes through the Session, so its retry policy, typed errors and (for an
// AuthenticatedSession) the re-login on expiry apply in the middle of a long read. An instance the
// server forgot (it ends with the session that made it) is run again and the read goes on from the
// row it had reached. Thread safety: a Report or Cube may be used from one thread at a time; the
// Session it reads through may be shared.
//
// The bodies a read sends as given (requested objects, view filter, prompt answers) and the prompts
// it reports are POCO's JSON (Poco::Dynamic::Var), the one JSON type of the public API (see
// session.hpp); rows and cells are standard C++.

#include <mstr/data_table.hpp>
#include <mstr/session.hpp>
#include <mstr/view_filter.hpp>

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mstr {

struct ReadOptions {
  // Sent as X-MSTR-ProjectID. When unset, the session's selected project; a read without either is
  // refused before any request.
  std::optional<std::string> project_id;
  // Rows asked for per page (the server may send fewer).
  std::size_t page_size = 5000;
  // Pages in flight at once over the session's pooled connections; 1 reads one page after the
  // other. Rows are handed over in order either way, and at most this many pages are held.
  int parallel = 4;
  // The instance body's "requestedObjects" ({"attributes":[{"id":...}],"metrics":[{"id":...}]})
  // and "viewFilter", sent as given; the server's defaults when unset.
  std::optional<Poco::Dynamic::Var> requested_objects;
  std::optional<Poco::Dynamic::Var> view_filter;
  // The answers body for a prompted report, {"prompts":[...]}, sent as given. Without it a
  // prompted report raises PromptedContentError naming its prompts.
  std::optional<Poco::Dynamic::Var> prompt_answers;
  // How long to wait for an answered report to finish executing.
  std::chrono::milliseconds execution_deadline{std::chrono::seconds(60)};
  // A deadline for the whole read, every page included; past it the read stops with TimeoutError
  // saying how many rows it had. None when unset (each exchange is still bounded by the session's
  // timeout).
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// What a report or cube holds, from its definition, before it runs.
struct AttributeForm {
  std::string id;
  std::string name;
};
struct AttributeInfo {
  std::string id;
  std::string name;
  std::vector<AttributeForm> forms;  // empty when the definition lists none (a cube's)
};
struct MetricInfo {
  std::string id;
  std::string name;
};
struct Definition {
  std::string name;
  std::vector<AttributeInfo> attributes;
  std::vector<MetricInfo> metrics;
};

// One element of an attribute: its id ("ATTRID:KEY", usable in a ViewFilter) and its form values.
struct AttributeElement {
  std::string id;
  std::vector<std::string> form_values;
};

// An attribute's elements, fetched a page at a time as the range is walked (GET
// reports|cubes/{id}/attributes/{attrId}/elements, X-MSTR-Total-Count); walking it again fetches
// again. Stops at the total, or at a short or empty page.
class AttributeElements {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = AttributeElement;
    using difference_type = std::ptrdiff_t;
    using pointer = const AttributeElement*;
    using reference = const AttributeElement&;
    iterator() = default;
    reference operator*() const;
    pointer operator->() const { return &**this; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.at_end() == b.at_end(); }

   private:
    friend class AttributeElements;
    struct State;
    explicit iterator(std::shared_ptr<State> state);
    bool at_end() const;
    std::shared_ptr<State> state_;
  };

  iterator begin() const;
  iterator end() const { return {}; }

 private:
  friend class Report;
  friend class Cube;
  AttributeElements(Session& session, std::string path, std::string project_id, std::size_t page_size);
  Session* session_;
  std::string path_;
  std::string project_id_;
  std::size_t page_size_;
};

// X-MSTR-CubeStatus, a bit vector of EnumDSSCubeStates (library-data-api.md section 14).
struct CubeStatus {
  int bits = 0;
  bool processing() const noexcept { return (bits & 1) != 0; }
  bool ready() const noexcept { return (bits & 64) != 0; }
  // The names of the bits set, lowest first ("ACTIVE", "READY", ...); {"NONE"} for 0.
  std::vector<std::string> names() const;
};

using PageHandler = std::function<void(const DataPage& page)>;
using PageViewHandler = std::function<void(const PageView& page)>;

class Report {
 public:
  // `id` is the report's 32-hex-digit object id (checked when it is used).
  Report(Session& session, std::string id);

  // Runs the report and hands its rows to `on_page` in order, one page at a time. Throws
  // PromptedContentError for unanswered prompts, MstrTimeoutError for a server-side timeout, the
  // typed server errors, and mstr::Error for a reply that is not a report grid or a page that makes
  // no progress. An exception from `on_page` stops the read and is rethrown.
  ReadSummary stream(const ReadOptions& options, const PageHandler& on_page);
  // The same, handing each page as a view of its cells without building Rows: the faster way to
  // write a result out (CsvWriter and JsonRowWriter take a PageView).
  ReadSummary stream_view(const ReadOptions& options, const PageViewHandler& on_page);
  // Runs the report and collects every row.
  DataTable to_table(const ReadOptions& options = {});
  // GET reports/{id}/prompts: the report's prompts as the server describes them (key, id, name,
  // type, required, ...).
  Poco::Dynamic::Var prompts(const ReadOptions& options = {});
  // GET v2/reports/{id}: its attributes (with their forms) and metrics.
  Definition definition(const ReadOptions& options = {});
  // The elements of one of its attributes, `page_size` per request.
  AttributeElements elements(const std::string& attribute_id, const ReadOptions& options = {},
                             std::size_t page_size = 5000);
  // The SQL the server generated for an instance made with `options` (requested objects, view
  // filter, prompt answers): the text as the server gives it.
  std::string sql(const ReadOptions& options = {});

  const std::string& id() const noexcept { return id_; }

 private:
  Session* session_;
  std::string id_;
};

class Cube {
 public:
  Cube(Session& session, std::string id);

  ReadSummary stream(const ReadOptions& options, const PageHandler& on_page);
  ReadSummary stream_view(const ReadOptions& options, const PageViewHandler& on_page);
  DataTable to_table(const ReadOptions& options = {});
  // GET v2/cubes/{id}: its attributes and metrics.
  Definition definition(const ReadOptions& options = {});
  AttributeElements elements(const std::string& attribute_id, const ReadOptions& options = {},
                             std::size_t page_size = 5000);
  // GET v2/cubes/{id}/sqlView.
  std::string sql(const ReadOptions& options = {});
  // Starts a publish (a refresh): POST v2/cubes/{id}. The work goes on on the server.
  void publish(const ReadOptions& options = {});
  // HEAD cubes/{id}: X-MSTR-CubeStatus.
  CubeStatus status(const ReadOptions& options = {});
  // Polls status() with a growing pause (0.25 s doubling to 5 s) until PROCESSING is clear, and
  // returns that status; past `deadline` throws MstrTimeoutError naming the last status's flags.
  // `on_poll`, when set, sees each status read.
  CubeStatus wait_until_ready(std::chrono::steady_clock::time_point deadline, const ReadOptions& options = {},
                              const std::function<void(const CubeStatus&)>& on_poll = {});

  const std::string& id() const noexcept { return id_; }

 private:
  Session* session_;
  std::string id_;
};

}  // namespace mstr
