#pragma once
// Google's JSON error body: {"error": {"code": 404, "status": "NOT_FOUND", "message": "..."}}.

#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct GoogleError {
  int code = 0;
  std::string status;  // NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, ...
  std::string message;
};

// nullopt when `body` is not a Google error.
std::optional<GoogleError> parse_google_error(const std::string& body);

}  // namespace mstr::internal::gcp
