// A CSV file as a dataset: type inference over the file, then the push, each a streaming read.
#include <mstr/csv_reader.hpp>
#include <mstr/dataset.hpp>

#include "push/column_values.hpp"
#include "push/dataset_upload.hpp"

#include <fstream>
#include <optional>

namespace mstr {
namespace {

std::ifstream open_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read the CSV file " + file.string());
  return in;
}

}  // namespace

std::vector<DatasetColumn> infer_csv_columns(const std::filesystem::path& csv_file) {
  std::ifstream in = open_csv(csv_file);
  CsvReader reader(in, csv_file.string());
  internal::ColumnTypeInference inference(reader.header().size());
  std::vector<std::string> row;
  while (reader.next(row)) inference.observe(row);
  if (in.bad()) throw Error("reading the CSV file " + csv_file.string() + " failed");
  return inference.columns(reader.header());
}

PushResult push_csv(Session& session, const CsvPush& push, const PushOptions& options) {
  std::vector<DatasetColumn> columns = push.columns.empty() ? infer_csv_columns(push.csv_file) : push.columns;
  std::ifstream in = open_csv(push.csv_file);
  CsvReader reader(in, push.csv_file.string());
  // The file may have changed since the columns were inferred or given: its header must still match.
  const auto& header = reader.header();
  bool same = header.size() == columns.size();
  for (std::size_t i = 0; same && i < header.size(); ++i) same = header[i] == columns[i].name;
  if (!same) {
    throw CsvError(1, push.csv_file.string() + ", line 1: the header does not match the dataset's columns");
  }

  std::string dataset_id;
  if (push.dataset_id) {
    dataset_id = *push.dataset_id;
  } else {
    dataset_id =
        create_dataset(session, {push.dataset_name, "", push.folder_id, push.table_name, columns, {}}, options);
  }
  const RowSource rows = [&](std::vector<std::string>& row) { return reader.next(row); };
  const internal::BadRow bad_row = [&](std::uint64_t, const std::string& problem) {
    throw CsvError(reader.line(),
                   reader.source() + ", line " + std::to_string(reader.line()) + ": " + problem);
  };
  return internal::upload_and_publish(session, dataset_id, push.table_name, columns, push.policy, rows,
                                      options, bad_row);
}

PushResult push_csv_tables(Session& session, const std::string& dataset_name, const std::string& folder_id,
                           const std::optional<std::string>& dataset_id, const std::vector<CsvTable>& tables,
                           const PushOptions& options) {
  if (tables.empty()) throw ConfigurationError("a push needs at least one table");
  // Every file is checked (and its types inferred) before anything reaches the server.
  std::vector<TableRows> rows(tables.size());
  for (std::size_t t = 0; t < tables.size(); ++t) {
    rows[t].table_name = tables[t].table_name;
    rows[t].policy = tables[t].policy;
    rows[t].columns = tables[t].columns.empty() ? infer_csv_columns(tables[t].csv_file) : tables[t].columns;
  }
  std::string id;
  if (dataset_id) {
    id = *dataset_id;
  } else {
    DatasetModel model;
    model.name = dataset_name;
    model.folder_id = folder_id;
    for (const auto& table : rows) model.tables.push_back({table.table_name, table.columns});
    id = create_dataset(session, model, options);
  }
  // One file open at a time: a table's reader is made when the upload reaches it.
  std::optional<std::ifstream> in;
  std::optional<CsvReader> reader;
  std::size_t open_table = tables.size();
  auto reader_for = [&](std::size_t t) -> CsvReader& {
    if (open_table != t) {
      reader.reset();
      in.emplace(open_csv(tables[t].csv_file));
      reader.emplace(*in, tables[t].csv_file.string());
      const auto& header = reader->header();
      bool same = header.size() == rows[t].columns.size();
      for (std::size_t i = 0; same && i < header.size(); ++i) same = header[i] == rows[t].columns[i].name;
      if (!same) {
        throw CsvError(1, tables[t].csv_file.string() + ", line 1: the header does not match table '" +
                              tables[t].table_name + "' of the dataset");
      }
      open_table = t;
    }
    return *reader;
  };
  std::vector<internal::TableUpload> uploads;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    rows[t].rows = [&, t](std::vector<std::string>& row) { return reader_for(t).next(row); };
    uploads.push_back({&rows[t], [&, t](std::uint64_t, const std::string& problem) {
                         CsvReader& current = reader_for(t);
                         throw CsvError(current.line(),
                                        current.source() + ", line " + std::to_string(current.line()) + ": " + problem);
                       }});
  }
  return internal::upload_and_publish(session, id, uploads, options);
}

}  // namespace mstr
