#pragma once
// The core's HTTP client, for hosts that lend it to providers outside a Session (a CredentialResolver
// built before any session exists) and for callers with requests outside the Library API.

#include <mstr/sdk/http_client.hpp>
#include <mstr/session_options.hpp>

#include <memory>

namespace mstr {

// A pooled keep-alive client honouring `options`' TLS, proxy, timeouts and pool bounds.
std::shared_ptr<IHttpClient> make_http_client(const SessionOptions& options = {});

}  // namespace mstr
