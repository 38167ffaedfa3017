// A test provider that counts its fetches, so tests can see what the core's cache saves.
//
// `<scheme>:NAME[?delay_ms=N]` returns a JSON object whose "fetches" field is how many times NAME
// has been fetched, plus fields of each JSON type. NAME/latest names the same secret as NAME: one
// cache key, one count. A few names misbehave on purpose: "plain" is not JSON, "explode" throws
// std::runtime_error, "int" throws an int, "refused" throws CredentialError.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

class CountingProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {COUNTING_SCHEME}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    const std::string name = reference.path();
    if (name == "explode") throw std::runtime_error("the vault is on fire");
    if (name == "int") throw 42;
    if (name == "refused") throw mstr::CredentialError("test vault refused '" + name + "'", COUNTING_NAME);
    const auto query = reference.query();
    if (const auto delay = query.find("delay_ms"); delay != query.end()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(delay->second)));
    }
    int count = 0;
    {
      std::lock_guard lock(mutex_);
      count = ++fetches_[cache_key(reference)];
    }
    if (name == "plain") return mstr::SecretValue("plain-secret-text");
    return mstr::SecretValue(R"({"user":"alice","password":"s3cret-pw","port":8443,"flag":true,)"
                             R"("nested":{"a":1},"list":[1],"none":null,"fetches":)" +
                             std::to_string(count) + "}");
  }

  bool can_refetch() const override { return COUNTING_CAN_REFETCH; }

  // NAME and NAME/latest are one secret, as a cloud vault's unversioned and "latest" names are.
  std::string cache_key(const mstr::CredentialReference& reference) const override {
    std::string locator = reference.locator();
    const std::string latest = "/latest";
    if (locator.size() > latest.size() &&
        locator.compare(locator.size() - latest.size(), latest.size(), latest) == 0)
      locator.resize(locator.size() - latest.size());
    return reference.scheme() + ":" + locator;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> fetches_;
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(CountingProvider, COUNTING_NAME, "0.1.0", "counts its fetches (tests only)",
                                COUNTING_SCHEME)
