#pragma once
// TLS client contexts built from TlsOptions, verifying with OpenSSL's own chain and host-name checks
// rather than POCO's SSLManager handlers (which may prompt, or accept everything, process-wide).

#include <mstr/session_options.hpp>

#include <Poco/Net/Context.h>

#include <string>

namespace mstr::internal {

// A context for connections to `host` (its name or IP address is checked against the certificate
// when options.verify is set). TLS 1.2 at least. Throws ConfigurationError for an unusable CA file
// or directory.
Poco::Net::Context::Ptr make_tls_context(const TlsOptions& options, const std::string& host);

// Why the last certificate verification on this thread failed ("" when none failed); the handshake
// runs on the calling thread, so this names the reason of the request that just failed.
std::string take_last_verification_failure();

}  // namespace mstr::internal
