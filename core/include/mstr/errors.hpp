#pragma once
// Errors a Library server reports, as types a caller can catch (the table in docs/errors.md).
//
// An error response whose body is MicroStrategy JSON ({"code", "message", "ticketId", "iServerCode"})
// becomes the exception its `code` names; ERR014 and ERR0014 (and the like) are the same code for
// that choice, while code() keeps the spelling the server sent (as mstrio-py does). A body
// without a code, or one that is not JSON, becomes MSTRUnknownException with the HTTP status and a
// short excerpt of the body.

#include <mstr/sdk/errors.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mstr {

struct ServerErrorDetails {
  int http_status = 0;
  std::string code;         // as the server sent it ("ERR0014" stays "ERR0014"); "" when absent
  std::string normalised_code;  // "ERR014" for both ERR014 and ERR0014: compare against this
  std::string message;      // the server's message
  std::string ticket_id;
  std::optional<std::int64_t> iserver_code;
  std::string iserver_name;  // the iServer constant, when the code table knows the number
  std::string body_excerpt;  // a short excerpt of a body that was not MicroStrategy JSON
};

class MSTRException : public Error {
 public:
  explicit MSTRException(ServerErrorDetails details);
  ~MSTRException() override;
  const ServerErrorDetails& details() const noexcept { return details_; }
  int http_status() const noexcept { return details_.http_status; }
  const std::string& code() const noexcept { return details_.code; }
  const std::string& ticket_id() const noexcept { return details_.ticket_id; }
  const std::optional<std::int64_t>& iserver_code() const noexcept { return details_.iserver_code; }

 protected:
  MSTRException(ServerErrorDetails details, const std::string& message);

 private:
  ServerErrorDetails details_;
};

#define MSTR_DECLARE_SERVER_EXCEPTION(Name)                     \
  class Name : public MSTRException {                           \
   public:                                                      \
    explicit Name(ServerErrorDetails details);                  \
    ~Name() override;                                           \
  }

MSTR_DECLARE_SERVER_EXCEPTION(IServerException);                 // ERR002, ERR0013
MSTR_DECLARE_SERVER_EXCEPTION(LoginFailureException);            // ERR003
MSTR_DECLARE_SERVER_EXCEPTION(ResourceNotFoundException);        // ERR004
MSTR_DECLARE_SERVER_EXCEPTION(InvalidRequestException);          // ERR005, ERR006, ERR007
MSTR_DECLARE_SERVER_EXCEPTION(InsufficientPrivilegesException);  // ERR0014, ERR0017
MSTR_DECLARE_SERVER_EXCEPTION(ObjectAlreadyExistsException);     // ERR0015
MSTR_DECLARE_SERVER_EXCEPTION(ExecutionCancelledException);      // a cancelled report or cube execution
MSTR_DECLARE_SERVER_EXCEPTION(MSTRUnknownException);             // no code, or a body that is not JSON

#undef MSTR_DECLARE_SERVER_EXCEPTION

// A 3xx answer. Redirects are never followed, since the session's token and cookies would go
// wherever Location points, and never count as success. `location_host()` is the host Location
// names ("" when it names none, e.g. a relative Location); http_status() is the 3xx status.
class RedirectException : public MSTRException {
 public:
  RedirectException(ServerErrorDetails details, std::string location_host);
  ~RedirectException() override;
  const std::string& location_host() const noexcept { return location_host_; }

 private:
  std::string location_host_;
};

// A server-side execution timeout (iServerCode -2147206497, MSI_REQUEST_TIMEOUT), whatever the
// error code beside it. A subclass of MSTRException, so existing catch blocks still see it.
class MstrTimeoutError : public MSTRException {
 public:
  explicit MstrTimeoutError(ServerErrorDetails details);
  ~MstrTimeoutError() override;
};

// Prompted content that cannot run as asked: a report run without answers to its prompts (the
// client raises it naming them, http_status() 0), or a server reply with iServerCode -2147468903.
class PromptedContentError : public MSTRException {
 public:
  explicit PromptedContentError(ServerErrorDetails details);
  // A client-side refusal; `prompts` are the names of the unanswered prompts.
  PromptedContentError(const std::string& client_message, std::vector<std::string> prompts);
  ~PromptedContentError() override;
  const std::vector<std::string>& unanswered_prompts() const noexcept { return prompts_; }

 private:
  std::vector<std::string> prompts_;
};

// ERR009, or a session call made without a session. Also raised by the client itself (no token,
// a malformed persisted session), in which case http_status() is 0.
class SessionException : public MSTRException {
 public:
  explicit SessionException(ServerErrorDetails details);
  explicit SessionException(const std::string& client_message);
  ~SessionException() override;
};

// An operation the server or the session cannot do (a server without the endpoint a feature
// needs). Raised by the client; nothing was changed on the server.
class NotSupportedError : public Error {
 public:
  explicit NotSupportedError(const std::string& message);
  ~NotSupportedError() override;
};

// A feature needs a newer Intelligence Server than GET status reports (see
// Session::require_server_version). required() and actual() are the dotted versions compared.
class VersionException : public NotSupportedError {
 public:
  VersionException(const std::string& feature, std::string required, std::string actual);
  // A call the server does not offer at all: an older server's 404 "HTTP 404 Not Found", or 405, on
  // the call's path (mstrio-py's "not supported on this version of the I-Server"). `call` names it,
  // "GET users"; required() is empty and actual() is the HTTP status.
  VersionException(const std::string& call, int http_status);
  ~VersionException() override;
  const std::string& required() const noexcept { return required_; }
  const std::string& actual() const noexcept { return actual_; }

 private:
  std::string required_;
  std::string actual_;
};

}  // namespace mstr
