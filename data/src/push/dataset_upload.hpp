#pragma once
// The upload-session flow behind push_rows() and push_csv(): open, upload chunks, publish, wait.

#include <mstr/dataset.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace mstr::internal {

// Called with the 1-based row number and what is wrong with that row; it must throw the error to
// report (push_csv() names the file and line, push_rows() the row number).
using BadRow = std::function<void(std::uint64_t row_number, const std::string& problem)>;

// One table of an upload: its rows and how to report a bad one.
struct TableUpload {
  const TableRows* table;
  BadRow bad_row;
};

// Opens one upload session for every table, uploads each table's rows in chunks, then (unless
// options.publish is false) publishes and waits.
PushResult upload_and_publish(Session& session, const std::string& dataset_id, const std::vector<TableUpload>& tables,
                              const PushOptions& options);

PushResult upload_and_publish(Session& session, const std::string& dataset_id, const std::string& table_name,
                              const std::vector<DatasetColumn>& columns, UpdatePolicy policy,
                              const RowSource& rows, const PushOptions& options, const BadRow& bad_row);

}  // namespace mstr::internal
