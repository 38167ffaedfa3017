#pragma once
// The objects the registry hands out: each wraps one plugin-made object, keeps its shared object
// loaded for as long as the wrapper lives, and turns anything a plugin throws that is not an
// mstr::Error into one carrying the plugin's name, so a host catches SDK types only. A provider's
// fetch honours the context's timeout (see fetch_deadline.hpp), and plugin code runs inside a
// PluginCodeScope so a crash is reported with the plugin's name.

#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace mstr::internal {

using SharedLibrary = std::shared_ptr<boost::dll::shared_library>;

// What the exception being handled says, for the message of the SDK error that replaces it. Call
// only from a catch block.
std::string describe_current_exception();

class GuardedCredentialProvider final : public ICredentialProvider {
 public:
  // `deadline_worker` false runs fetch on the caller's thread even with a timeout: only for a
  // provider whose fetch cannot block (plugin_loader.hpp, fetch_thread_for).
  GuardedCredentialProvider(SharedLibrary library, std::unique_ptr<ICredentialProvider> provider,
                            std::string plugin_name, std::filesystem::path file, bool deadline_worker = true);
  ~GuardedCredentialProvider() override;

  std::vector<std::string> schemes() const override;
  SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) override;
  bool can_refetch() const override;
  std::string cache_key(const CredentialReference& reference) const override;

 private:
  // Its deleter holds the library, so the vtable stays mapped for as long as any owner (this
  // wrapper, or a fetch abandoned after its deadline) holds the object.
  std::shared_ptr<ICredentialProvider> provider_;
  std::string plugin_name_;
  std::filesystem::path file_;
  bool deadline_worker_;
};

class GuardedAuthMode final : public IAuthMode {
 public:
  GuardedAuthMode(SharedLibrary library, std::unique_ptr<IAuthMode> mode, std::string plugin_name,
                  std::filesystem::path file);
  ~GuardedAuthMode() override;

  std::string name() const override;
  int login_mode() const override;
  std::vector<CredentialField> fields() const override;
  void login(ILoginChannel& channel, const ResolvedCredentials& credentials) override;
  bool logs_out() const override;
  bool can_relogin() const override;

 private:
  SharedLibrary library_;
  std::unique_ptr<IAuthMode> mode_;
  std::string plugin_name_;
  std::filesystem::path file_;
};

}  // namespace mstr::internal
