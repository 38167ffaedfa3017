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

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

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

  const std::string& id() const noexcept { return id_; }

 private:
  Session* session_;
  std::string id_;
};

}  // namespace mstr
