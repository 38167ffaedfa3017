#include "http/transport_errors.hpp"

#include "http/tls_context.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <exception>
#include <string>

namespace mstr::internal {
namespace {

const char* phase_name(TransportPhase phase) {
  switch (phase) {
    case TransportPhase::connecting:
      return "connecting to";
    case TransportPhase::sending:
      return "sending the request to";
    case TransportPhase::receiving:
      return "reading the response from";
  }
  return "talking to";
}

}  // namespace

bool nothing_was_sent(const TransportError& error) noexcept { return dynamic_cast<const NothingSent*>(&error) != nullptr; }

void rethrow_as_transport_error(const Endpoint& endpoint, TransportPhase phase, std::chrono::milliseconds timeout) {
  const std::string where = std::string(phase_name(phase)) + " " + endpoint.display_url;
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const Poco::TimeoutException&) {
    const std::string message = "timed out after " + std::to_string(timeout.count()) + " ms " + where;
    if (phase == TransportPhase::connecting) throw ConnectTimeoutError(message + " (is the host reachable?)");
    throw TimeoutError(message + " (raise the read timeout if the server is just slow)");
  } catch (const Poco::Net::SSLException& error) {
    const std::string reason = take_last_verification_failure();
    if (!reason.empty()) {
      throw TlsError("TLS certificate verification failed " + where + ": " + reason +
                     "; trust the issuing CA with the CA file or directory option, or check the host name");
    }
    throw TlsError("TLS handshake failed " + where + ": " + error.displayText());
  } catch (const Poco::Net::ConnectionRefusedException&) {
    throw ConnectError("connection refused " + where + " (is the server running, and on this port?)");
  } catch (const Poco::Net::HostNotFoundException&) {
    throw ConnectError("host not found " + where + " (check the host name)");
  } catch (const Poco::Net::NoAddressFoundException&) {
    throw ConnectError("host has no address " + where + " (check the host name)");
  } catch (const Poco::Net::NoMessageException&) {
    throw TransportError("the server closed the connection without answering " + where);
  } catch (const Poco::Net::ConnectionResetException&) {
    throw TransportError("the connection was reset " + where);
  } catch (const Poco::Net::ConnectionAbortedException&) {
    throw TransportError("the connection was aborted " + where);
  } catch (const Poco::Net::MessageException& error) {
    throw TransportError("malformed HTTP response " + where + ": " + error.displayText());
  } catch (const Poco::Exception& error) {
    throw TransportError("network error " + where + ": " + error.displayText());
  } catch (const std::exception& error) {
    throw TransportError("network error " + where + ": " + error.what());
  }
}

}  // namespace mstr::internal
