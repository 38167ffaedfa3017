#pragma once
// Runs a report or cube instance and reads its pages: prompts, the status poll, paging with pages
// in flight, and running the instance again when the server has forgotten it.

#include "read/grid_decoder.hpp"

#include <mstr/report.hpp>

#include <functional>
#include <string>

namespace mstr::internal {

enum class DataSourceKind { report, cube };

// Receives each page in order (its offset in page.paging.offset, the columns and the total in the
// summary so far); it may take the rows.
using PageSink = std::function<void(GridPage& page, const ReadSummary& summary)>;

ReadSummary read_instance(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options,
                          const PageSink& on_page);

// "report" or "cube".
const char* noun(DataSourceKind kind);
// Throws ConfigurationError unless `id` is 32 hexadecimal digits.
void check_object_id(DataSourceKind kind, const std::string& id);
// ReadOptions::project_id, else the session's selected project; throws ConfigurationError without either.
std::string project_for(Session& session, DataSourceKind kind, const std::string& id, const ReadOptions& options);

// GET reports/{id}/prompts (only the open ones when `open_only`).
Poco::Dynamic::Var list_prompts(Session& session, const std::string& id, const ReadOptions& options, bool open_only);

}  // namespace mstr::internal
