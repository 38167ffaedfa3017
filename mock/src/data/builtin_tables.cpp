#include "builtin_tables.hpp"

#include <array>
#include <cstdio>
#include <memory>

namespace mstr::mock::internal {
namespace {

const MockAttribute kRegion{"Region", "8D679D4B11D3E4981000E787EC6DE8A4", {"DESC"}};
const MockAttribute kCategory{"Category", "8D679D3711D3E4981000E787EC6DE8A4", {"DESC"}};
const MockMetric kRevenue{"Revenue", "4C05177011D3E877C000B3B2D86C964F"};
const MockMetric kProfit{"Profit", "4C051DB611D3E877C000B3B2D86C964F"};

std::shared_ptr<MockTable> table(MockTable::Kind kind, std::string id, std::string name) {
  auto result = std::make_shared<MockTable>();
  result->kind = kind;
  result->id = std::move(id);
  result->name = std::move(name);
  result->project_id = kTutorialProjectId;
  return result;
}

// library-data-api.md section 8, row for row.
std::shared_ptr<MockTable> small_report() {
  auto t = table(MockTable::Kind::report, "1A2B3C4D5E6F708192A3B4C5D6E7F809", "Revenue by Region and Category");
  t->attributes = {kRegion, kCategory};
  t->metrics = {kRevenue, kProfit};
  t->row_count = 3;
  t->row = [](std::size_t i, MockRow& row) {
    static const std::array<MockRow, 3> rows = {
        MockRow{{"Central", "Books"}, {420000.0, 61000.5}},
        MockRow{{"Central", "Electronics"}, {1850000.0, 302000.25}},
        MockRow{{"Northeast", "Electronics"}, {1400000.0, 215500.0}},
    };
    row = rows[i];
  };
  return t;
}

// A two-form attribute, a one-form attribute with text that needs quoting in CSV, and nulls: read
// in pages of 10, each page lists its own customers.
std::shared_ptr<MockTable> customer_report() {
  auto t = table(MockTable::Kind::report, "2B3C4D5E6F708192A3B4C5D6E7F8091A", "Customers with Forms and Nulls");
  t->attributes = {{"Customer", "8D679D3C11D3E4981000E787EC6DE8A4", {"ID", "DESC"}},
                   {"City", "8D679D3811D3E4981000E787EC6DE8A4", {"DESC"}}};
  t->metrics = {{"Orders", "4C0517A811D3E877C000B3B2D86C964F"}, {"Discount", "4C0517B911D3E877C000B3B2D86C964F"}};
  t->row_count = 25;
  t->row = [](std::size_t i, MockRow& row) {
    static const std::array<const char*, 5> cities = {"Paris, France", "M\u00fcnchen", "\"Quoted\" Town", "Oslo",
                                                      "New\nLine"};
    row.forms = {std::to_string(1000 + i), "Customer " + std::to_string(i), cities[i % cities.size()]};
    row.metrics = {static_cast<double>(i * 3), i % 4 == 0 ? std::nullopt : std::optional<double>(i * 0.5)};
  };
  return t;
}

// Category subtotals: a row whose forms all read "Total" is served as a subtotal element.
std::shared_ptr<MockTable> subtotal_report() {
  auto t = table(MockTable::Kind::report, kSubtotalReportId, "Revenue with Subtotals");
  t->attributes = {kRegion, {"Category", kCategory.id, {"ID", "DESC"}}};
  t->metrics = {kRevenue};
  t->row_count = 6;
  t->row = [](std::size_t i, MockRow& row) {
    static const std::array<MockRow, 6> rows = {
        MockRow{{"Central", "1", "Books"}, {100.0}},       MockRow{{"Central", "2", "Electronics"}, {200.0}},
        MockRow{{"Central", "Total", "Total"}, {300.0}},   MockRow{{"Northeast", "1", "Books"}, {50.0}},
        MockRow{{"Northeast", "2", "Electronics"}, {70.0}}, MockRow{{"Northeast", "Total", "Total"}, {120.0}},
    };
    row = rows[i];
  };
  return t;
}

std::shared_ptr<MockTable> generated_report(std::size_t rows) {
  auto t = table(MockTable::Kind::report, "3C4D5E6F708192A3B4C5D6E7F8091A2B", "Generated Sales");
  t->attributes = {{"Store", "8D679D4F11D3E4981000E787EC6DE8A4", {"DESC"}},
                   {"Day", "8D679D5011D3E4981000E787EC6DE8A4", {"DESC"}}};
  t->metrics = {{"Amount", "4C0517C111D3E877C000B3B2D86C964F"}, {"Quantity", "4C0517C211D3E877C000B3B2D86C964F"}};
  t->row_count = rows;
  t->row = [](std::size_t i, MockRow& row) {
    row.forms.resize(2);
    row.forms[0] = "Store " + std::to_string(i % 100);
    row.forms[1] = "Day " + std::to_string(i / 100);
    row.metrics.resize(2);
    row.metrics[0] = static_cast<double>(i % 1000) + 0.25;
    row.metrics[1] = static_cast<double>(i % 7);
  };
  return t;
}

std::shared_ptr<MockTable> timeout_report() {
  auto t = table(MockTable::Kind::report, kTimeoutReportId, "Report That Times Out");
  t->attributes = {kRegion};
  t->metrics = {kRevenue};
  t->row_count = 0;
  t->row = [](std::size_t, MockRow&) {};
  return t;
}

std::shared_ptr<MockTable> sales_cube() {
  auto t = table(MockTable::Kind::cube, "8F9A0B1C2D3E4F5061728394A5B6C7D8", "Sales Cube");
  t->attributes = {kRegion, {"Quarter", "8D679D4211D3E4981000E787EC6DE8A4", {"DESC"}}};
  t->metrics = {kRevenue, {"Units", "4C0517D311D3E877C000B3B2D86C964F"}};
  t->row_count = 40;
  t->row = [](std::size_t i, MockRow& row) {
    static const std::array<const char*, 4> regions = {"Central", "Northeast", "South", "West"};
    row.forms = {regions[i % 4], "Q" + std::to_string(i / 4 % 4 + 1) + " " + std::to_string(2020 + i / 16)};
    row.metrics = {1000.0 + static_cast<double>(i) * 10.5, static_cast<double>(i)};
  };
  return t;
}

std::shared_ptr<MockTable> stuck_cube() {
  auto t = table(MockTable::Kind::cube, kNeverPublishedCubeId, "Cube That Never Finishes Publishing");
  t->attributes = {kRegion};
  t->metrics = {kRevenue};
  t->row_count = 2;
  t->row = [](std::size_t i, MockRow& row) {
    row.forms = {i == 0 ? "Central" : "Northeast"};
    row.metrics = {i == 0 ? 100.0 : 200.0};
  };
  return t;
}

}  // namespace

MockTable prompted_table(std::size_t top_n) {
  MockTable t;
  t.kind = MockTable::Kind::report;
  t.id = kPromptedReportId;
  t.name = "Top N Regions (prompted)";
  t.project_id = kTutorialProjectId;
  t.attributes = {{"Rank", "8D679D5111D3E4981000E787EC6DE8A4", {"DESC"}}};
  t.metrics = {kRevenue};
  t.row_count = top_n;
  t.row = [](std::size_t i, MockRow& row) {
    row.forms = {"Rank " + std::to_string(i + 1)};
    row.metrics = {10000.0 - static_cast<double>(i) * 100};
  };
  return t;
}

void register_builtin_tables(DataCatalog& catalog, std::size_t large_report_rows) {
  catalog.put(small_report());
  catalog.put(customer_report());
  catalog.put(subtotal_report());
  catalog.put(generated_report(large_report_rows));
  catalog.put(timeout_report());
  catalog.put(std::make_shared<MockTable>(prompted_table(0)));
  catalog.put(sales_cube());
  catalog.put(stuck_cube());
}

}  // namespace mstr::mock::internal
