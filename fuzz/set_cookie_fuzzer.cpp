// Set-Cookie headers are written by the server and every proxy and load balancer on the way. Each
// input line is one header; the jar must stay within its bounds, never crash, and what it persists
// must load again.

#include "fuzz_input.hpp"
#include "session/cookie_jar.hpp"

#include <mstr/errors.hpp>

#include <chrono>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr::internal;
  std::string_view text = mstr::fuzz::as_text(data, size);
  const std::uint8_t flags = size == 0 ? 0 : data[0];
  // A fixed clock keeps a run reproducible from its input alone.
  const Clock::time_point now = Clock::time_point{} + std::chrono::hours(24 * 365 * 55);
  const CookieScope scope{(flags & 1) != 0 ? "library.example.com" : "127.0.0.1",
                          (flags & 2) != 0 ? "/MicroStrategyLibrary/api/auth/login" : "/", (flags & 4) != 0};

  CookieJar jar;
  for (int headers = 0; !text.empty() && headers < 64; ++headers) jar.store(scope, mstr::fuzz::take_line(text), now);
  mstr::fuzz::require(jar.cookies().size() <= CookieJar::max_cookies, "the jar respects max_cookies");

  const std::string header = jar.header_for(scope, now);
  mstr::fuzz::require(header.find_first_of("\r\n") == std::string::npos, "a Cookie header is one line");
  for (const Cookie& cookie : jar.cookies()) {
    mstr::fuzz::require(cookie.name.size() + cookie.value.size() <= CookieJar::max_cookie_size,
                        "a stored cookie respects max_cookie_size");
  }

  CookieJar reloaded;
  reloaded.load_json(*jar.to_json(), now);
  mstr::fuzz::require(reloaded.header_for(scope, now) == header, "a persisted jar sends the same cookies");
  return 0;
}
