#pragma once
// The shared credentials and config files (~/.aws/credentials, ~/.aws/config), the profile chosen
// by a reference's ?profile= or AWS_PROFILE, the other profiles it may name (source_profile) and
// the [sso-session NAME] sections.

#include <mstr/sdk/environment.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mstr::internal::aws {

using ProfileSettings = std::map<std::string, std::string>;

// Parses the INI dialect of the AWS files: `[section]`, `key = value`, `#`/`;` comments, keys
// lower-cased. Indented lines (nested settings such as `s3 =` blocks) are skipped.
std::map<std::string, ProfileSettings> parse_aws_ini(const std::string& text);

class ProfileFiles {
 public:
  // Reads both files for `profile`, else the profile AWS_PROFILE names ("default" otherwise).
  // Missing files are not an error; an unreadable one is.
  static ProfileFiles load(const IEnvironment& env, const std::optional<std::string>& profile = std::nullopt);

  // The same files seen from another profile (a source_profile), without reading them again.
  ProfileFiles with_profile(const std::string& profile) const;
  // The settings of `[sso-session NAME]` in the config file; nullopt when there is no such section.
  std::optional<ProfileSettings> sso_session(const std::string& name) const;

  const std::string& profile_name() const noexcept { return profile_; }
  // The profile's settings in the credentials file (`[name]`) and the config file (`[profile name]`,
  // or `[default]`).
  const ProfileSettings& credentials_section() const noexcept { return credentials_; }
  const ProfileSettings& config_section() const noexcept { return config_; }
  bool profile_found() const noexcept { return found_; }
  // A setting from the credentials file, else the config file.
  std::optional<std::string> get(const std::string& key) const;

  const std::string& credentials_path() const noexcept { return credentials_path_; }
  const std::string& config_path() const noexcept { return config_path_; }

 private:
  std::string profile_;
  std::string credentials_path_;
  std::string config_path_;
  ProfileSettings credentials_;
  ProfileSettings config_;
  bool found_ = false;
  // Every section of each file, shared by the copies with_profile() makes.
  std::shared_ptr<const std::map<std::string, ProfileSettings>> all_credentials_;
  std::shared_ptr<const std::map<std::string, ProfileSettings>> all_config_;
};

}  // namespace mstr::internal::aws
