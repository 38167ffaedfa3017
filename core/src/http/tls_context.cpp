#include "http/tls_context.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Net/IPAddress.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <filesystem>

namespace mstr::internal {
namespace {

thread_local std::string last_verification_failure;

int record_verification_result(int ok, X509_STORE_CTX* store) {
  if (!ok) {
    const int error = X509_STORE_CTX_get_error(store);
    last_verification_failure = X509_verify_cert_error_string(error);
    last_verification_failure += " (certificate at depth " + std::to_string(X509_STORE_CTX_get_error_depth(store)) + ")";
  }
  return ok;
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

void check_readable(const std::string& path, bool directory, const char* option) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw ConfigurationError(std::string("TLS ") + option + " '" + path + "' does not exist");
  }
  if (directory != std::filesystem::is_directory(status)) {
    throw ConfigurationError(std::string("TLS ") + option + " '" + path + "' is not a " + (directory ? "directory" : "file"));
  }
}

}  // namespace

Poco::Net::Context::Ptr make_tls_context(const TlsOptions& options, const std::string& host) {
  Poco::Net::Context::Params params;
  params.verificationMode = options.verify ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
  params.loadDefaultCAs = options.verify && options.ca_file.empty() && options.ca_dir.empty();
  params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // The host-name check is OpenSSL's (below): POCO's own skips it for localhost in relaxed mode and
  // resolves names through DNS to compare addresses.
  context->enableExtendedCertificateVerification(false);
  SSL_CTX* ssl = context->sslContext();
  if (!options.verify) {
    SSL_CTX_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
    return context;
  }
  if (!options.ca_file.empty()) check_readable(options.ca_file, false, "CA file");
  if (!options.ca_dir.empty()) check_readable(options.ca_dir, true, "CA directory");
  if (!options.ca_file.empty() || !options.ca_dir.empty()) {
    const char* file = options.ca_file.empty() ? nullptr : options.ca_file.c_str();
    const char* dir = options.ca_dir.empty() ? nullptr : options.ca_dir.c_str();
    if (SSL_CTX_load_verify_locations(ssl, file, dir) != 1) {
      throw ConfigurationError("TLS CA certificates could not be loaded from '" +
                               (options.ca_file.empty() ? options.ca_dir : options.ca_file) + "': " + openssl_error());
    }
  }
  SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER, &record_verification_result);
  X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(ssl);
  Poco::Net::IPAddress address;
  const bool is_ip = Poco::Net::IPAddress::tryParse(host, address);
  const int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str())
                        : X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size());
  if (set != 1) throw ConfigurationError("cannot verify TLS certificates for host '" + host + "': " + openssl_error());
  X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return context;
}

std::string take_last_verification_failure() {
  std::string failure = std::move(last_verification_failure);
  last_verification_failure.clear();
  return failure;
}

}  // namespace mstr::internal
