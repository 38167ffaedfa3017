#pragma once
// The push-data state of the mock: dataset models, their upload sessions and what each publish left
// behind. A publish registers the dataset in the DataCatalog, so it reads back as a cube.

#include "data_catalog.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mstr::mock::internal {

struct StoredColumn {
  std::string name;
  std::string data_type;  // STRING, INTEGER, DOUBLE, BOOL, DATE, DATETIME or TIME
  bool metric = false;
  std::string object_id;  // the attribute's or metric's id
};

// One table of a dataset model, with the rows its last publish left.
struct StoredTable {
  std::string name;
  std::vector<StoredColumn> columns;  // in the order of the table's columnHeaders
  // The published rows: attribute values then metric values, in column order within each group.
  std::shared_ptr<const std::vector<MockRow>> rows;
};

struct StoredDataset {
  std::string id;
  std::string name;
  std::string project_id;
  std::string folder_id;  // "" is the owner's My Reports folder
  std::vector<StoredTable> tables;  // in the model's order
  bool published = false;

  StoredTable* find_table(const std::string& table_name) {
    for (auto& table : tables) {
      if (table.name == table_name) return &table;
    }
    return nullptr;
  }
};

// What one upload session holds for one of the dataset's tables.
struct TableUpload {
  std::string policy;                     // replace, add, update or upsert
  std::vector<std::size_t> column_order;  // uploaded position -> table column
  std::vector<MockRow> rows;
  std::uint64_t last_index = 0;  // chunks count per table from 1
  std::string last_data;         // the last chunk's data, to recognise a retried PUT
};

struct UploadSession {
  enum class State { open, publishing, cancelled };
  std::string id;
  std::string dataset_id;
  std::map<std::string, TableUpload> tables;  // by table name: the tables the session updates
  State state = State::open;
  int polls_until_done = 0;
  bool fails = false;  // the publish ends with status -1
};

// Knobs of the push flow, set through POST /__mock/datasets (mock/README.md).
struct DatasetSettings {
  int running_polls = 1;          // publishStatus polls answered "running" (6) before 1
  bool status_as_string = false;  // "1" and "6" instead of 1 and 6
  std::uint64_t fail_chunk = 0;   // a chunk index the server refuses (0: none)
  bool publish_fails = false;     // publishStatus ends with -1 and nothing is applied
};

class DatasetStore {
 public:
  // Everything is read and changed under this lock.
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }

  std::map<std::string, StoredDataset> datasets;  // by id
  std::map<std::string, UploadSession> sessions;  // by upload session id
  DatasetSettings settings;

 private:
  std::mutex mutex_;
};

}  // namespace mstr::mock::internal
