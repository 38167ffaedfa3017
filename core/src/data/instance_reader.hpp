#pragma once
// Runs a report or cube instance and reads its pages: prompts, the status poll, paging with pages
// in flight, and running the instance again when the server has forgotten it.

#include <mstr/report.hpp>

#include <functional>
#include <string>

namespace mstr::internal {

enum class DataSourceKind { report, cube };

// Receives each page in order; it may take the rows.
using PageSink = std::function<void(DataPage& page)>;

ReadSummary read_instance(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options,
                          const PageSink& on_page);

// GET reports/{id}/prompts (only the open ones when `open_only`).
Poco::Dynamic::Var list_prompts(Session& session, const std::string& id, const ReadOptions& options, bool open_only);

}  // namespace mstr::internal
