// MicroStrategy error bodies come from the server, or from whatever answers in its place (a proxy, a
// load balancer's HTML page). Parsing one must never crash, and the result must turn into an
// MSTRException and nothing else.

#include "errors/server_error_mapping.hpp"
#include "fuzz_input.hpp"

#include <mstr/errors.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr;
  const std::string_view body = fuzz::as_text(data, size);
  const int status = size == 0 ? 500 : 400 + data[0] % 200;

  ServerErrorDetails details = internal::parse_server_error(status, body);
  fuzz::require(details.http_status == status, "the HTTP status is kept");
  fuzz::require(details.body_excerpt.find_first_of("\r\n") == std::string::npos, "an excerpt is one line");
  fuzz::require(details.message.size() <= 503 && details.ticket_id.size() <= 103, "fields are bounded");

  const std::string code = internal::normalise_error_code(body);
  fuzz::require(internal::normalise_error_code(code) == code, "normalising a code twice changes nothing");

  const std::string excerpt = internal::body_excerpt(body, 64);
  fuzz::require(excerpt.size() <= 64 + 3, "an excerpt respects its bound");

  try {
    internal::throw_server_error(std::move(details));
  } catch (const MSTRException& error) {
    fuzz::require(error.http_status() == status, "the exception carries the status");
  }
  return 0;
}
