#include <mstr/report.hpp>

#include "read/instance_reader.hpp"

namespace mstr {
namespace {

class GridPageView final : public PageView {
 public:
  GridPageView(const internal::GridPage& page, const ReadSummary& summary) : page_(page), summary_(summary) {}
  const std::vector<Column>& columns() const override { return summary_.columns; }
  std::size_t row_count() const override { return page_.row_count(); }
  CellView cell(std::size_t row, std::size_t column) const override { return page_.cell(row, column); }
  std::size_t offset() const override { return page_.paging.offset; }
  std::size_t total() const override { return summary_.total; }

 private:
  const internal::GridPage& page_;
  const ReadSummary& summary_;
};

ReadSummary stream_rows(Session& session, internal::DataSourceKind kind, const std::string& id,
                        const ReadOptions& options, const PageHandler& on_page) {
  return internal::read_instance(session, kind, id, options, [&](internal::GridPage& page, const ReadSummary& summary) {
    DataPage delivered{summary.columns, std::move(page.take_rows()), page.paging.offset, summary.total};
    on_page(delivered);
  });
}

ReadSummary stream_views(Session& session, internal::DataSourceKind kind, const std::string& id,
                         const ReadOptions& options, const PageViewHandler& on_page) {
  return internal::read_instance(session, kind, id, options, [&](internal::GridPage& page, const ReadSummary& summary) {
    on_page(GridPageView(page, summary));
  });
}

DataTable collect(Session& session, internal::DataSourceKind kind, const std::string& id, const ReadOptions& options) {
  DataTable table;
  const ReadSummary summary = internal::read_instance(session, kind, id, options, [&](internal::GridPage& page, const ReadSummary&) {
    std::vector<Row>& rows = page.take_rows();
    table.rows.insert(table.rows.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  });
  table.columns = summary.columns;
  table.total = summary.total;
  return table;
}

}  // namespace

Report::Report(Session& session, std::string id) : session_(&session), id_(std::move(id)) {}

ReadSummary Report::stream(const ReadOptions& options, const PageHandler& on_page) {
  return stream_rows(*session_, internal::DataSourceKind::report, id_, options, on_page);
}

ReadSummary Report::stream_view(const ReadOptions& options, const PageViewHandler& on_page) {
  return stream_views(*session_, internal::DataSourceKind::report, id_, options, on_page);
}

DataTable Report::to_table(const ReadOptions& options) {
  return collect(*session_, internal::DataSourceKind::report, id_, options);
}

Poco::Dynamic::Var Report::prompts(const ReadOptions& options) {
  return internal::list_prompts(*session_, id_, options, false);
}

Cube::Cube(Session& session, std::string id) : session_(&session), id_(std::move(id)) {}

ReadSummary Cube::stream(const ReadOptions& options, const PageHandler& on_page) {
  return stream_rows(*session_, internal::DataSourceKind::cube, id_, options, on_page);
}

ReadSummary Cube::stream_view(const ReadOptions& options, const PageViewHandler& on_page) {
  return stream_views(*session_, internal::DataSourceKind::cube, id_, options, on_page);
}

DataTable Cube::to_table(const ReadOptions& options) {
  return collect(*session_, internal::DataSourceKind::cube, id_, options);
}

}  // namespace mstr
