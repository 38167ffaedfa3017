// A test provider whose answers a test scripts, to drive the core's secret cache through rotations
// and outages.
//
// `scripted:PATH` reads the file PATH at every fetch; its first line says what the fetch does:
//   value:TEXT       answers {"value": TEXT, "fetches": N}, N counting this reference's fetches
//   values:A,B,...   the same with the Nth item at the Nth fetch (the last one from then on)
//   outage           throws VaultUnavailableError      denied     throws CredentialError
//   transport        throws TransportError              timeout    throws TimeoutError
//   tls              throws TlsError                    hang:MS    sleeps MS ms, then answers "late"
// A missing file is a secret that does not exist (CredentialError). TEXT holds no quote or backslash.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace {

constexpr const char* kName = "scripted";

std::string answer(const std::string& value, int fetches) {
  return R"({"value":")" + value + R"(","fetches":)" + std::to_string(fetches) + "}";
}

std::string nth_item(const std::string& list, int n) {
  std::string item;
  std::size_t start = 0;
  for (int i = 0; i < n; ++i) {
    const std::size_t comma = list.find(',', start);
    item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return item;
}

class ScriptedProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"scripted"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    int count = 0;
    {
      std::lock_guard lock(mutex_);
      count = ++fetches_[reference.locator()];
    }
    std::ifstream file(reference.locator());
    std::string script;
    if (!file || !std::getline(file, script)) {
      throw mstr::CredentialError("test secret '" + reference.locator() + "' does not exist", kName);
    }
    const auto rest = [&](std::size_t prefix) { return script.substr(prefix); };
    if (script.rfind("value:", 0) == 0) return mstr::SecretValue(answer(rest(6), count));
    if (script.rfind("values:", 0) == 0) return mstr::SecretValue(answer(nth_item(rest(7), count), count));
    if (script == "outage") throw mstr::VaultUnavailableError("test vault unreachable", kName);
    if (script == "denied") throw mstr::CredentialError("test vault denied access", kName);
    if (script == "transport") throw mstr::TransportError("test vault connection refused");
    if (script == "timeout") throw mstr::TimeoutError("test vault read timed out");
    if (script == "tls") throw mstr::TlsError("test vault certificate not trusted");
    if (script.rfind("hang:", 0) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(rest(5))));
      return mstr::SecretValue(answer("late", count));
    }
    throw mstr::CredentialError("test secret '" + reference.locator() + "' has an unknown script", kName);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> fetches_;
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(ScriptedProvider, "scripted", "0.1.0",
                                "answers as a file scripts it (tests only)", "scripted")
