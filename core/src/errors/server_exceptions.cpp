#include <mstr/errors.hpp>

#include <string>
#include <utility>

namespace mstr {
namespace {

// "HTTP 401 ERR003: Login failed (ticket 3f2a...; iServer -2147216959 AUTHEN_E_LOGIN_FAIL)".
// A client-side error (status 0) reads as its message alone.
std::string describe(const ServerErrorDetails& details) {
  if (details.http_status == 0) return details.message;
  std::string text = "HTTP " + std::to_string(details.http_status);
  if (!details.code.empty()) text += " " + details.code;
  if (!details.message.empty()) {
    text += ": " + details.message;
  } else if (!details.body_excerpt.empty()) {
    text += ": the body is not a MicroStrategy error: \"" + details.body_excerpt + "\"";
  } else if (details.code.empty()) {
    text += ": the response carries no MicroStrategy error code";
  }
  std::string context;
  if (!details.ticket_id.empty()) context = "ticket " + details.ticket_id;
  if (details.iserver_code) {
    if (!context.empty()) context += "; ";
    context += "iServer " + std::to_string(*details.iserver_code);
    if (!details.iserver_name.empty()) context += " " + details.iserver_name;
  }
  if (!context.empty()) text += " (" + context + ")";
  return text;
}

ServerErrorDetails client_details(const std::string& message) {
  ServerErrorDetails details;
  details.message = message;
  return details;
}

}  // namespace

MSTRException::MSTRException(ServerErrorDetails details) : MSTRException(details, describe(details)) {}
MSTRException::MSTRException(ServerErrorDetails details, const std::string& message)
    : Error(message), details_(std::move(details)) {}
MSTRException::~MSTRException() = default;

#define MSTR_DEFINE_SERVER_EXCEPTION(Name)                                     \
  Name::Name(ServerErrorDetails details) : MSTRException(std::move(details)) {} \
  Name::~Name() = default;

MSTR_DEFINE_SERVER_EXCEPTION(IServerException)
MSTR_DEFINE_SERVER_EXCEPTION(LoginFailureException)
MSTR_DEFINE_SERVER_EXCEPTION(ResourceNotFoundException)
MSTR_DEFINE_SERVER_EXCEPTION(InvalidRequestException)
MSTR_DEFINE_SERVER_EXCEPTION(InsufficientPrivilegesException)
MSTR_DEFINE_SERVER_EXCEPTION(ObjectAlreadyExistsException)
MSTR_DEFINE_SERVER_EXCEPTION(ExecutionCancelledException)
MSTR_DEFINE_SERVER_EXCEPTION(MSTRUnknownException)

#undef MSTR_DEFINE_SERVER_EXCEPTION

RedirectException::RedirectException(ServerErrorDetails details, std::string location_host)
    : MSTRException(std::move(details)), location_host_(std::move(location_host)) {}
RedirectException::~RedirectException() = default;

MstrTimeoutError::MstrTimeoutError(ServerErrorDetails details) : MSTRException(std::move(details)) {}
MstrTimeoutError::~MstrTimeoutError() = default;

PromptedContentError::PromptedContentError(ServerErrorDetails details) : MSTRException(std::move(details)) {}
PromptedContentError::PromptedContentError(const std::string& client_message, std::vector<std::string> prompts)
    : MSTRException(client_details(client_message)), prompts_(std::move(prompts)) {}
PromptedContentError::~PromptedContentError() = default;

SessionException::SessionException(ServerErrorDetails details) : MSTRException(std::move(details)) {}
SessionException::SessionException(const std::string& client_message) : MSTRException(client_details(client_message)) {}
SessionException::~SessionException() = default;

NotSupportedError::NotSupportedError(const std::string& message) : Error(message) {}
NotSupportedError::~NotSupportedError() = default;

VersionException::VersionException(const std::string& feature, std::string required, std::string actual)
    : NotSupportedError(feature + " needs Intelligence Server " + required + " or newer; the server reports " + actual),
      required_(std::move(required)),
      actual_(std::move(actual)) {}
VersionException::VersionException(const std::string& call, int http_status)
    : NotSupportedError(call + " is not supported on this version of the I-Server (HTTP " +
                        std::to_string(http_status) + ")"),
      actual_(std::to_string(http_status)) {}
VersionException::~VersionException() = default;

}  // namespace mstr
