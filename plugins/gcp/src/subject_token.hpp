#pragma once
// The subject token of a workload identity federation file (`credential_source`): the external
// identity's token, read from a file or fetched from a URL, as plain text or as one field of a JSON
// object. What it holds is foreign input and a credential: size-bounded, and never quoted.

#include "token_credential.hpp"

#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct SubjectTokenSource {
  // Exactly one of the two is set.
  std::optional<std::string> file;
  std::optional<std::string> url;
  HttpHeaders headers;  // sent with `url`
  // The field of a JSON answer that holds the token; nullopt: the whole answer is the token.
  std::optional<std::string> json_field;
};

// A file or answer larger than this is not a subject token.
inline constexpr std::size_t kMaxSubjectTokenSize = 1024 * 1024;

// The token `content` holds under `source`'s format: the text with surrounding whitespace removed,
// or the string field of a JSON object. `where` names the file or URL in the CredentialError thrown
// for an empty token, a body that is not a JSON object or lacks the field.
SecretValue parse_subject_token(const std::string& content, const SubjectTokenSource& source,
                                const std::string& where);

// Reads the file or GETs the URL (with the headers; throttling and server errors retried).
// Throws VaultUnavailableError when the URL cannot be reached or still fails after the retries, and
// CredentialError for a missing or unreadable file, any other refusal, or a token that cannot be read.
SecretValue read_subject_token(const SubjectTokenSource& source, const TokenRequestContext& context);

// Throws CredentialError unless `url` is https://, or http:// to a loopback host or to the
// link-local metadata address (169.254.169.254), which never leaves the machine. `what` names it.
void require_credential_url(const std::string& url, const std::string& what);

}  // namespace mstr::internal::gcp
