#pragma once
// The one reading of an HTTP status for a credential or secret request: which answers are an
// outage, a VaultUnavailableError that says nothing about the secret (a host may keep its last good
// value for a while), and which are a refusal, a plain CredentialError (the secret is missing,
// access is denied, the request is wrong). Each plugin keeps its own words for each case.

#include <mstr/sdk/http_client.hpp>

#include <functional>
#include <string>

namespace mstr::internal::common {

enum class StatusVerdict {
  success,        // 2xx
  outage,         // 408, 429 and every 5xx: the service could not answer (still, after any retries)
  access_denied,  // 401, 403
  not_found,      // 404
  refused,        // any other status: another 4xx, a redirect (never followed), 1xx
};

StatusVerdict status_verdict(int status) noexcept;

// Throws what `verdict` (not success) stands for: VaultUnavailableError for an outage, CredentialError
// otherwise, with `message` and `provider`.
[[noreturn]] void throw_status_error(StatusVerdict verdict, const std::string& message,
                                     const std::string& provider);

// Returns when `response` is a success; otherwise throws the error its status stands for, with the
// message `describe` writes for its verdict (called only on a failure, so it may read the body).
void require_success(const HttpResponse& response, const std::string& provider,
                     const std::function<std::string(StatusVerdict)>& describe);

}  // namespace mstr::internal::common
