#include "profile_files.hpp"

#include "provider_error.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mstr::internal::aws {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

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
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#' || content[0] == ';') continue;
    if (content.front() == '[') {
      const auto close = content.find(']');
      current = close == std::string::npos ? nullptr : &sections[trim(content.substr(1, close - 1))];
      continue;
    }
    const auto equals = content.find('=');
    if (current == nullptr || equals == std::string::npos) continue;
    (*current)[lower(trim(content.substr(0, equals)))] = trim(content.substr(equals + 1));
  }
  return sections;
}

ProfileFiles ProfileFiles::load(const IEnvironment& env) {
  ProfileFiles files;
  files.profile_ = env.get("AWS_PROFILE").value_or("");
  if (files.profile_.empty()) files.profile_ = env.get("AWS_DEFAULT_PROFILE").value_or("default");
  files.credentials_path_ = expand_home(env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env);
  files.config_path_ = expand_home(env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);

  if (const auto text = read_optional_file(files.credentials_path_, "shared credentials")) {
    auto sections = parse_aws_ini(*text);
    if (const auto it = sections.find(files.profile_); it != sections.end()) {
      files.credentials_ = it->second;
      files.found_ = true;
    }
  }
  if (const auto text = read_optional_file(files.config_path_, "config")) {
    auto sections = parse_aws_ini(*text);
    auto it = sections.find("profile " + files.profile_);
    if (it == sections.end() && files.profile_ == "default") it = sections.find("default");
    if (it != sections.end()) {
      files.config_ = it->second;
      files.found_ = true;
    }
  }
  return files;
}

std::optional<std::string> ProfileFiles::get(const std::string& key) const {
  if (const auto it = credentials_.find(key); it != credentials_.end() && !it->second.empty()) return it->second;
  if (const auto it = config_.find(key); it != config_.end() && !it->second.empty()) return it->second;
  return std::nullopt;
}

}  // namespace mstr::internal::aws
