#pragma once
// The mock Library server's stable ids (mock/README.md lists them): its projects, built-in reports and
// cubes, and the attributes and metrics they share. One place, so a test names the report it reads
// rather than a string of hex digits.

#include <string>

namespace mstr::test::mock_ids {

inline const std::string kTutorialId = "B19DEDCC11D4E0EFC000EB9495D0F44F";  // MicroStrategy Tutorial
inline const std::string kHrId = "4BAE16A340B995CAD24193AA3AC15D29";        // Human Resources Analysis Module

inline const std::string kSmallReport = "1A2B3C4D5E6F708192A3B4C5D6E7F809";      // 3 rows
inline const std::string kCustomerReport = "2B3C4D5E6F708192A3B4C5D6E7F8091A";   // 25 rows, 3 forms
inline const std::string kGeneratedReport = "3C4D5E6F708192A3B4C5D6E7F8091A2B";  // --generated-report-rows
inline const std::string kSubtotalReport = "4A0D9B294C1E4D5A9A8B7C6D5E4F3A2B";   // with subtotals
inline const std::string kPromptedReport = "5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C";   // a Top N value prompt
inline const std::string kTimeoutReport = "6C2F1D4B5E3A4F7B9CAD1E2F3A4B5C6D";    // times out on the server
inline const std::string kSalesCube = "8F9A0B1C2D3E4F5061728394A5B6C7D8";        // 40 rows
inline const std::string kStuckCube = "9A0B1C2D3E4F5061728394A5B6C7D8E9";        // a publish that never ends

inline const std::string kRegion = "8D679D4B11D3E4981000E787EC6DE8A4";    // attribute
inline const std::string kCategory = "8D679D3711D3E4981000E787EC6DE8A4";  // attribute
inline const std::string kCustomer = "8D679D3C11D3E4981000E787EC6DE8A4";  // attribute
inline const std::string kRevenue = "4C05177011D3E877C000B3B2D86C964F";   // metric

}  // namespace mstr::test::mock_ids
