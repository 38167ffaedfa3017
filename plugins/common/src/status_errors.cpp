#include <plugin_common/status_errors.hpp>

#include <mstr/sdk/errors.hpp>

namespace mstr::internal::common {

StatusVerdict status_verdict(int status) noexcept {
  if (status >= 200 && status < 300) return StatusVerdict::success;
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) return StatusVerdict::outage;
  if (status == 401 || status == 403) return StatusVerdict::access_denied;
  if (status == 404) return StatusVerdict::not_found;
  return StatusVerdict::refused;
}

void throw_status_error(StatusVerdict verdict, const std::string& message, const std::string& provider) {
  if (verdict == StatusVerdict::outage) throw VaultUnavailableError(message, provider);
  throw CredentialError(message, provider);
}

void require_success(const HttpResponse& response, const std::string& provider,
                     const std::function<std::string(StatusVerdict)>& describe) {
  const StatusVerdict verdict = status_verdict(response.status);
  if (verdict != StatusVerdict::success) throw_status_error(verdict, describe(verdict), provider);
}

}  // namespace mstr::internal::common
