#pragma once
// The tables the mock serves as reports, cubes and published datasets. A table is described by its
// columns and a row generator, so a report of millions of rows is produced page by page and never
// held whole. Built-in reports and cubes are registered at start-up; a dataset published through the
// push-data flow is registered here too, so it reads back as a cube.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mstr::mock::internal {

struct MockAttribute {
  std::string name;
  std::string id;                 // 32 upper-case hex digits
  std::vector<std::string> forms;  // form names, e.g. {"ID", "DESC"}; one form gives one column "Name"
};

struct MockMetric {
  std::string name;
  std::string id;
};

// One row: the form values of every attribute, flattened in attribute then form order, and one value
// per metric (nullopt is a null cell).
struct MockRow {
  std::vector<std::string> forms;
  std::vector<std::optional<double>> metrics;
};

struct MockTable {
  // report: object type 3 subtype 768; cube: a built-in cube (776); dataset: published through the
  // push-data flow (779), readable as a cube.
  enum class Kind { report, cube, dataset };
  Kind kind = Kind::report;
  std::string id;  // 32 upper-case hex digits
  std::string name;
  std::string project_id;
  std::vector<MockAttribute> attributes;
  std::vector<MockMetric> metrics;
  std::size_t row_count = 0;
  // False for a pushed dataset not yet published: its definition reads, its data do not.
  bool published = true;
  // Fills `row` for row number `index` (0-based, below row_count). Must be a pure function of the index.
  std::function<void(std::size_t index, MockRow& row)> row;
};

class DataCatalog {
 public:
  void put(std::shared_ptr<const MockTable> table) {
    std::lock_guard lock(mutex_);
    tables_[table->id] = std::move(table);
  }
  std::shared_ptr<const MockTable> find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = tables_.find(id);
    return it == tables_.end() ? nullptr : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const MockTable>> tables_;
};

}  // namespace mstr::mock::internal
