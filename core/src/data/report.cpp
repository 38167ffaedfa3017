#include <mstr/report.hpp>

#include "data/instance_reader.hpp"

namespace mstr {
namespace {

DataTable collect(Session& session, internal::DataSourceKind kind, const std::string& id, const ReadOptions& options) {
  DataTable table;
  const ReadSummary summary = internal::read_instance(session, kind, id, options, [&](DataPage& page) {
    table.rows.insert(table.rows.end(), std::make_move_iterator(page.rows.begin()),
                      std::make_move_iterator(page.rows.end()));
  });
  table.columns = summary.columns;
  table.total = summary.total;
  return table;
}

}  // namespace

Report::Report(Session& session, std::string id) : session_(&session), id_(std::move(id)) {}

ReadSummary Report::stream(const ReadOptions& options, const PageHandler& on_page) {
  return internal::read_instance(*session_, internal::DataSourceKind::report, id_, options,
                                 [&](DataPage& page) { on_page(page); });
}

DataTable Report::to_table(const ReadOptions& options) {
  return collect(*session_, internal::DataSourceKind::report, id_, options);
}

Poco::Dynamic::Var Report::prompts(const ReadOptions& options) {
  return internal::list_prompts(*session_, id_, options, false);
}

Cube::Cube(Session& session, std::string id) : session_(&session), id_(std::move(id)) {}

ReadSummary Cube::stream(const ReadOptions& options, const PageHandler& on_page) {
  return internal::read_instance(*session_, internal::DataSourceKind::cube, id_, options,
                                 [&](DataPage& page) { on_page(page); });
}

DataTable Cube::to_table(const ReadOptions& options) {
  return collect(*session_, internal::DataSourceKind::cube, id_, options);
}

}  // namespace mstr
