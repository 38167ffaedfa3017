#pragma once
// The reports and cubes every mock serves (their ids are in mock/README.md).

#include "data_catalog.hpp"

#include <cstddef>
#include <string>

namespace mstr::mock::internal {

// Ids of the built-in tables with behaviour beyond their rows.
inline const std::string kPromptedReportId = "5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C";
inline const std::string kTimeoutReportId = "6C2F1D4B5E3A4F7B9CAD1E2F3A4B5C6D";
inline const std::string kSubtotalReportId = "4A0D9B294C1E4D5A9A8B7C6D5E4F3A2B";
// A cube whose publish never finishes: it reads as processing for ever after a publish.
inline const std::string kNeverPublishedCubeId = "9A0B1C2D3E4F5061728394A5B6C7D8E9";
// The prompted report's one prompt: "Top N", a VALUE prompt; the report holds that many rows.
inline const std::string kTopNPromptKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10";

// The tutorial project every built-in table lives in.
inline const std::string kTutorialProjectId = "B19DEDCC11D4E0EFC000EB9495D0F44F";

// Registers the built-in reports and cubes; the generated report holds `large_report_rows` rows.
void register_builtin_tables(DataCatalog& catalog, std::size_t large_report_rows);

// The prompted report's rows for an answer of `top_n`.
MockTable prompted_table(std::size_t top_n);

}  // namespace mstr::mock::internal
