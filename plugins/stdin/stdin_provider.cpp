// `stdin:`: everything piped into standard input, read once, trailing line breaks trimmed
// (`printf %s "$PW" | mstr --password stdin: ...`). A JSON document piped in serves several fields
// (`stdin:#username`, `stdin:#password`) from that one read.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

namespace {

constexpr std::size_t kMaxSecretSize = 1024 * 1024;

class StdinProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"stdin"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    if (!reference.locator().empty()) {
      throw mstr::CredentialError("stdin: takes nothing after the colon (write just 'stdin:')", "stdin");
    }
    std::lock_guard lock(mutex_);
    if (!value_) value_ = read_all();
    return *value_;
  }

  // Standard input is gone once read: a second read could only give less.
  bool can_refetch() const override { return false; }

 private:
  static mstr::SecretValue read_all() {
    // Waiting for end-of-file at a terminal would look like a hang: prompt: is the terminal's scheme.
    if (::isatty(STDIN_FILENO) == 1) {
      throw mstr::CredentialError("stdin: reads a piped secret, but standard input is a terminal (use prompt: to type it)",
                                  "stdin");
    }
    std::string content;
    char buffer[4096];
    for (;;) {
      const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw mstr::CredentialError(std::string("stdin: cannot be read: ") + std::strerror(errno), "stdin");
      if (got == 0) break;
      content.append(buffer, static_cast<std::size_t>(got));
      if (content.size() > kMaxSecretSize) throw mstr::CredentialError("stdin: more than 1 MiB was piped in", "stdin");
    }
    ::explicit_bzero(buffer, sizeof buffer);
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
    return mstr::SecretValue(std::move(content));
  }

  std::mutex mutex_;
  std::optional<mstr::SecretValue> value_;
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(StdinProvider, "stdin", "1.0.0", "stdin: reads a secret piped into standard input, once",
                                "stdin")
