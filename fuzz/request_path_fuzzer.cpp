// Request paths come from callers and command lines and are joined to the base URL with the
// session's token attached. Whatever join_url() accepts must stay under the base URL, also after a
// server decodes it and removes its dot segments; what it refuses, it refuses with
// ConfigurationError only.

#include "fuzz_input.hpp"

#include "session/url_builder.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/URI.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mstr::internal::BaseUrl base = mstr::internal::parse_base_url("https://host/MicroStrategyLibrary/api/");
  const std::string_view path = mstr::fuzz::as_text(data, size);
  std::string url;
  try {
    url = mstr::internal::join_url(base, path);
  } catch (const mstr::ConfigurationError&) {
    return 0;
  }
  mstr::fuzz::require(url.compare(0, base.url.size(), base.url) == 0, "a joined URL starts with the base URL");
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    return 0;  // not a URL a server could take apart either
  }
  uri.normalize();
  const std::string& normalised = uri.getPath();
  mstr::fuzz::require(normalised.compare(0, 26, "/MicroStrategyLibrary/api/") == 0 || normalised == "/MicroStrategyLibrary/api",
                      "a joined path, decoded and normalised, stays under the base URL's path");
  return 0;
}
