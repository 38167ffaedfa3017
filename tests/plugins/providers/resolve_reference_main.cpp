// mstr-test-resolve PLUGIN_DIR REFERENCE: resolves one reference with the plugins of PLUGIN_DIR and
// prints "resolved:<value>" or "error:<message>". Tests run it where a provider needs a process of
// its own: a terminal it controls (prompt:) or none at all.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <iostream>
#include <stdexcept>

namespace {

class NoHttp final : public mstr::IHttpClient {
 public:
  mstr::HttpResponse send(const mstr::HttpRequest&) override { throw std::logic_error("no HTTP in this test"); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mstr-test-resolve PLUGIN_DIR REFERENCE\n";
    return 2;
  }
  mstr::PluginSearchOptions options;
  options.directories = {argv[1]};
  options.use_environment = false;
  options.use_default_directory = false;
  NoHttp http;
  const mstr::ProcessEnvironment env;
  try {
    mstr::CredentialResolver resolver(mstr::PluginRegistry::discover(options), http, env);
    std::cout << "resolved:" << resolver.resolve(argv[2]).reveal() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cout << "error:" << e.what() << std::endl;
    return 3;
  }
}
