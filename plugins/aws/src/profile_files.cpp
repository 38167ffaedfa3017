#include "profile_files.hpp"

#include "provider_error.hpp"

#include <mstr/sdk/text.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mstr::internal::aws {
namespace {

std::optional<std::string> read_optional_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw provider_error("cannot read the AWS " + what + " file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string expand_home(const std::string& path, const IEnvironment& env) {
  if (path.rfind("~/", 0) != 0) return path;
  return env.get("HOME").value_or("") + path.substr(1);
}

}  // namespace

std::map<std::string, ProfileSettings> parse_aws_ini(const std::string& text) {
  std::map<std::string, ProfileSettings> sections;
  std::istringstream in(text);
  std::string line;
  ProfileSettings* current = nullptr;
  while (std::getline(in, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;
    const std::string_view content = trim(line);
    if (content.empty() || content[0] == '#' || content[0] == ';') continue;
    if (content.front() == '[') {
      const auto close = content.find(']');
      current = close == std::string_view::npos ? nullptr
                                                : &sections[std::string(trim(content.substr(1, close - 1)))];
      continue;
    }
    const auto equals = content.find('=');
    if (current == nullptr || equals == std::string_view::npos) continue;
    (*current)[to_lower(trim(content.substr(0, equals)))] = trim(content.substr(equals + 1));
  }
  return sections;
}

ProfileFiles ProfileFiles::load(const IEnvironment& env, const std::optional<std::string>& profile) {
  ProfileFiles files;
  files.credentials_path_ =
      expand_home(env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env);
  files.config_path_ = expand_home(env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);
  const auto credentials_text = read_optional_file(files.credentials_path_, "shared credentials");
  const auto config_text = read_optional_file(files.config_path_, "config");
  files.all_credentials_ = std::make_shared<const std::map<std::string, ProfileSettings>>(
      credentials_text ? parse_aws_ini(*credentials_text) : std::map<std::string, ProfileSettings>{});
  files.all_config_ = std::make_shared<const std::map<std::string, ProfileSettings>>(
      config_text ? parse_aws_ini(*config_text) : std::map<std::string, ProfileSettings>{});

  std::string name = profile.value_or("");
  if (name.empty()) name = env.get("AWS_PROFILE").value_or("");
  if (name.empty()) name = env.get("AWS_DEFAULT_PROFILE").value_or("default");
  return files.with_profile(name);
}

ProfileFiles ProfileFiles::with_profile(const std::string& profile) const {
  ProfileFiles files = *this;
  files.profile_ = profile;
  files.credentials_.clear();
  files.config_.clear();
  files.found_ = false;
  if (const auto it = all_credentials_->find(profile); it != all_credentials_->end()) {
    files.credentials_ = it->second;
    files.found_ = true;
  }
  auto it = all_config_->find("profile " + profile);
  if (it == all_config_->end() && profile == "default") it = all_config_->find("default");
  if (it != all_config_->end()) {
    files.config_ = it->second;
    files.found_ = true;
  }
  return files;
}

std::optional<ProfileSettings> ProfileFiles::sso_session(const std::string& name) const {
  if (const auto it = all_config_->find("sso-session " + name); it != all_config_->end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> ProfileFiles::get(const std::string& key) const {
  if (const auto it = credentials_.find(key); it != credentials_.end() && !it->second.empty())
    return it->second;
  if (const auto it = config_.find(key); it != config_.end() && !it->second.empty()) return it->second;
  return std::nullopt;
}

}  // namespace mstr::internal::aws
