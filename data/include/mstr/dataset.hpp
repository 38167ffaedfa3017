#pragma once
// Pushing data: create a dataset from column definitions (or from a CSV file), upload its rows in
// chunks through an upload session, publish, and wait for the publish to finish. The flow and the
// type rules are in docs/data-push.md.
//
//   mstr::CsvPush push{.csv_file = "sales.csv", .dataset_name = "Sales", .table_name = "sales"};
//   std::string id = mstr::push_csv(session, push).dataset_id;

#include <mstr/sdk/errors.hpp>
#include <mstr/session.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr {

// A column's type. INTEGER and DOUBLE columns become metrics, the others attributes.
enum class ColumnType { string, integer, double_number, boolean, date, datetime };

// "STRING", "INTEGER", "DOUBLE", "BOOL", "DATE", "DATETIME": the dataType the server expects.
std::string_view to_string(ColumnType type) noexcept;
bool is_metric(ColumnType type) noexcept;

struct DatasetColumn {
  std::string name;
  ColumnType type = ColumnType::string;
};

// How uploaded rows change a table that already has data. update and upsert match rows on the
// values of all attribute columns.
enum class UpdatePolicy { replace, add, update, upsert };

std::string_view to_string(UpdatePolicy policy) noexcept;
// "replace", "add", "update" or "upsert" (any case); throws ConfigurationError otherwise.
UpdatePolicy parse_update_policy(std::string_view text);

// Infers each column's type from every value in the column (rules in docs/data-push.md), reading the
// file once in constant memory. Throws CsvError naming the line of a malformed row, Error when the
// file cannot be read.
std::vector<DatasetColumn> infer_csv_columns(const std::filesystem::path& csv_file);

struct PushProgress {
  std::uint64_t rows_uploaded = 0;
  std::uint64_t chunks_uploaded = 0;
  bool publishing = false;  // every row is uploaded; waiting for the publish
  std::string table;        // the table being uploaded
};

struct PushOptions {
  // Sent as X-MSTR-ProjectID; the session's project header when unset.
  std::optional<std::string> project_id;
  // Rows per upload request: bounds memory (one chunk is held at a time) and request size.
  std::size_t chunk_rows = 10000;
  // How long to wait for the publish to finish once requested.
  std::chrono::milliseconds publish_timeout = std::chrono::minutes(10);
  // The first wait between publish status polls; it doubles up to max_poll_interval.
  std::chrono::milliseconds poll_interval{100};
  std::chrono::milliseconds max_poll_interval{2000};
  // Called after each chunk and once when the publish starts, on the calling thread.
  std::function<void(const PushProgress&)> on_progress;
  // False: upload without publishing; PushResult::upload_session_id then names the open upload
  // session for publish_dataset() (mstrio-py's auto_publish=False).
  bool publish = true;
  // A deadline for the whole push, every chunk and the publish wait included; past it the push is
  // cancelled with TimeoutError saying how far it got. None when unset.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct DatasetTable {
  std::string name;
  std::vector<DatasetColumn> columns;
};

// A dataset to create: its tables, whose columns become attributes and metrics by type (a column
// name in several tables makes one attribute or metric per table, as mstrio-py's models do). One
// table may be given as table_name and columns instead of `tables`.
struct DatasetModel {
  std::string name;
  std::string description;
  std::string folder_id;  // empty: the user's My Reports folder
  std::string table_name;
  std::vector<DatasetColumn> columns;
  std::vector<DatasetTable> tables;  // when not empty, the model's tables (table_name and columns unused)
};

// Hands the next row (one string per column, "" for a null cell) to the uploader; false at the end.
using RowSource = std::function<bool(std::vector<std::string>& row)>;

struct PushResult {
  std::string dataset_id;
  std::uint64_t rows = 0;    // over every table
  std::uint64_t chunks = 0;  // over every table
  // The open upload session when PushOptions::publish was false; empty once published.
  std::string upload_session_id;
};

// One table's rows for push_tables().
struct TableRows {
  std::string table_name;
  std::vector<DatasetColumn> columns;
  UpdatePolicy policy = UpdatePolicy::replace;
  RowSource rows;
};

// An upload request failed; the upload session was cancelled. cause() is what the request threw
// (a typed server or transport error).
class DatasetUploadError : public Error {
 public:
  DatasetUploadError(const std::string& message, std::uint64_t chunk_index, std::exception_ptr cause);
  ~DatasetUploadError() override;
  // 1-based index of the chunk that failed; 0 when the failure came before the first chunk.
  std::uint64_t chunk_index() const noexcept { return chunk_index_; }
  std::exception_ptr cause() const noexcept { return cause_; }

 private:
  std::uint64_t chunk_index_;
  std::exception_ptr cause_;
};

// The publish reported failure or did not finish before PushOptions::publish_timeout.
class DatasetPublishError : public Error {
 public:
  DatasetPublishError(const std::string& message, bool timed_out);
  ~DatasetPublishError() override;
  bool timed_out() const noexcept { return timed_out_; }

 private:
  bool timed_out_;
};

// POST datasets/models: creates the dataset and returns its id.
std::string create_dataset(Session& session, const DatasetModel& model, const PushOptions& options = {});

// Opens an upload session on `table_name` of dataset `dataset_id`, uploads every row of `rows`
// converted to the columns' types, publishes and waits for the publish. On any failure the upload
// session is cancelled before the error is thrown: CsvError for a value that does not fit its
// column, DatasetUploadError for a failed upload request, DatasetPublishError, or the typed error
// of the failed session call.
PushResult push_rows(Session& session, const std::string& dataset_id, const std::string& table_name,
                     const std::vector<DatasetColumn>& columns, UpdatePolicy policy, const RowSource& rows,
                     const PushOptions& options = {});

// Uploads several tables of dataset `dataset_id` through one upload session (one table after the
// other, each in chunks of PushOptions::chunk_rows), then publishes once and waits for the publish,
// unless PushOptions::publish is false. Errors as for push_rows(); a bad row names its table.
PushResult push_tables(Session& session, const std::string& dataset_id, const std::vector<TableRows>& tables,
                       const PushOptions& options = {});

// Publishes what upload session `upload_session_id` of dataset `dataset_id` holds (uploaded with
// PushOptions::publish false) and, when `wait`, waits for the publish as push_rows() does.
void publish_dataset(Session& session, const std::string& dataset_id, const std::string& upload_session_id,
                     bool wait, const PushOptions& options = {});

struct CsvPush {
  std::filesystem::path csv_file;
  std::string dataset_name;  // for a new dataset
  std::string table_name;
  std::string folder_id;  // for a new dataset; empty: My Reports
  // Set to update this dataset instead of creating one.
  std::optional<std::string> dataset_id;
  UpdatePolicy policy = UpdatePolicy::replace;
  // The columns' types; inferred from the file when empty (one extra read of the file).
  std::vector<DatasetColumn> columns;
};

// Creates a dataset from a CSV file with a header row (or updates push.dataset_id) and pushes its
// rows, reading the file in constant memory.
PushResult push_csv(Session& session, const CsvPush& push, const PushOptions& options = {});

// One table of a multi-table push from CSV.
struct CsvTable {
  std::string table_name;
  std::filesystem::path csv_file;
  UpdatePolicy policy = UpdatePolicy::replace;
  std::vector<DatasetColumn> columns;  // inferred from the file when empty
};

// Several CSV files as the tables of one dataset (new when dataset_id is unset): one model, one
// upload session, one publish; each file read in constant memory.
PushResult push_csv_tables(Session& session, const std::string& dataset_name, const std::string& folder_id,
                           const std::optional<std::string>& dataset_id, const std::vector<CsvTable>& tables,
                           const PushOptions& options = {});

}  // namespace mstr
