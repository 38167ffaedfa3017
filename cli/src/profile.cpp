#include "profile.hpp"

#include "exit_codes.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace mstr::cli {
namespace {

const char* const known_keys[] = {"base_url", "auth", "username", "password", "api_key", "identity_token",
                                  "plugin_dirs", "session_file", "ca_file", "insecure", "timeout", "verbose", "project",
                                  "project_id"};

std::string known_keys_text() {
  std::string text;
  for (const char* key : known_keys) {
    if (!text.empty()) text += ", ";
    text += key;
  }
  return text;
}

class ProfileReader {
 public:
  ProfileReader(const std::string& path, Poco::JSON::Object::Ptr object) : path_(path), object_(std::move(object)) {}

  std::optional<std::string> string(const std::string& key) const {
    if (!object_->has(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    if (!value.isString()) fail(key, "a string");
    return value.extract<std::string>();
  }

  std::optional<bool> boolean(const std::string& key) const {
    if (!object_->has(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    if (!value.isBoolean()) fail(key, "true or false");
    return value.extract<bool>();
  }

  std::optional<double> seconds(const std::string& key) const {
    if (!object_->has(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    if (!value.isNumeric()) fail(key, "a number of seconds");
    return parse_timeout_seconds(value.toString(), "\"" + key + "\" in " + path_);
  }

  std::vector<std::string> strings(const std::string& key) const {
    std::vector<std::string> result;
    if (!object_->has(key)) return result;
    const Poco::JSON::Array::Ptr array = object_->getArray(key);
    if (array.isNull()) fail(key, "an array of strings");
    for (std::size_t i = 0; i < array->size(); ++i) {
      const Poco::Dynamic::Var item = array->get(static_cast<unsigned int>(i));
      if (!item.isString()) fail(key, "an array of strings");
      result.push_back(item.extract<std::string>());
    }
    return result;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const {
    throw UsageError(path_ + ": \"" + key + "\" must be " + expected);
  }

  std::string path_;
  Poco::JSON::Object::Ptr object_;
};

}  // namespace

namespace {

Poco::JSON::Object::Ptr read_json_object(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + what + " " + path);
  std::ostringstream text;
  text << in.rdbuf();
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw UsageError(what + " " + path + " is not a JSON object");
  }
  if (object.isNull()) throw UsageError(what + " " + path + " is not a JSON object");
  return object;
}

// `label` names the profile in messages: "config FILE" or "profile NAME in FILE".
GlobalOptions profile_from_object(const std::string& label, const Poco::JSON::Object::Ptr& object) {
  for (const auto& [key, value] : *object) {
    bool known = false;
    for (const char* k : known_keys) known = known || key == k;
    if (!known) throw UsageError(label + ": unknown key \"" + key + "\" (known: " + known_keys_text() + ")");
  }

  const ProfileReader reader(label, object);
  GlobalOptions profile;
  profile.base_url = reader.string("base_url");
  profile.auth = reader.string("auth");
  profile.username = reader.string("username");
  profile.password = reader.string("password");
  profile.api_key = reader.string("api_key");
  profile.identity_token = reader.string("identity_token");
  profile.plugin_dirs = reader.strings("plugin_dirs");
  profile.session_file = reader.string("session_file");
  profile.ca_file = reader.string("ca_file");
  profile.insecure = reader.boolean("insecure");
  profile.timeout_seconds = reader.seconds("timeout");
  profile.verbose = reader.boolean("verbose");
  profile.project = reader.string("project");
  profile.project_id = reader.string("project_id");
  return profile;
}

}  // namespace

GlobalOptions load_profile(const std::string& path) {
  return profile_from_object("config " + path, read_json_object(path, "config file"));
}

std::string profiles_file_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg == '/') return std::string(xdg) + "/mstr/config.json";
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "") + "/.config/mstr/config.json";
}

GlobalOptions load_named_profile(const std::optional<std::string>& name) {
  const std::string path = profiles_file_path();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (name) throw UsageError("profile '" + *name + "' asked for, but there is no profiles file " + path);
    return {};
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw UsageError("profiles file " + path + " is writable by others, who could point your credentials at their " +
                     "server; make it private: chmod go-w " + path);
  }
  const auto root = read_json_object(path, "profiles file");
  const auto profiles = root->getObject("profiles");
  if (root->has("profiles") && profiles.isNull()) throw UsageError("profiles file " + path + ": \"profiles\" must be an object");
  std::optional<std::string> chosen = name;
  if (!chosen && root->has("default_profile")) {
    if (!root->get("default_profile").isString()) {
      throw UsageError("profiles file " + path + ": \"default_profile\" must be a string");
    }
    chosen = root->get("default_profile").extract<std::string>();
  }
  if (!chosen) return {};
  if (profiles.isNull() || !profiles->has(*chosen)) {
    std::string names;
    if (!profiles.isNull()) {
      for (const auto& [key, value] : *profiles) names += (names.empty() ? "" : ", ") + key;
    }
    throw UsageError("no profile '" + *chosen + "' in " + path + " (profiles: " + (names.empty() ? "none" : names) + ")");
  }
  const auto profile = profiles->getObject(*chosen);
  if (profile.isNull()) throw UsageError("profile '" + *chosen + "' in " + path + " is not a JSON object");
  return profile_from_object("profile " + *chosen + " in " + path, profile);
}

std::vector<std::string> profile_names() {
  std::vector<std::string> names;
  try {
    const auto root = read_json_object(profiles_file_path(), "profiles file");
    const auto profiles = root->getObject("profiles");
    if (!profiles.isNull()) {
      for (const auto& [key, value] : *profiles) names.push_back(key);
    }
  } catch (const UsageError&) {
    // Completion offers what it can; a missing or broken file is reported when it is used.
  }
  return names;
}

GlobalOptions merge_options(const GlobalOptions& flags, const GlobalOptions& profile) {
  GlobalOptions merged = profile;
  auto take = [](auto& target, const auto& flag) {
    if (flag) target = flag;
  };
  take(merged.base_url, flags.base_url);
  take(merged.auth, flags.auth);
  take(merged.username, flags.username);
  take(merged.password, flags.password);
  take(merged.api_key, flags.api_key);
  take(merged.identity_token, flags.identity_token);
  take(merged.session_file, flags.session_file);
  take(merged.ca_file, flags.ca_file);
  take(merged.insecure, flags.insecure);
  take(merged.timeout_seconds, flags.timeout_seconds);
  take(merged.verbose, flags.verbose);
  take(merged.max_response_size, flags.max_response_size);
  take(merged.proxy, flags.proxy);
  take(merged.connection_data, flags.connection_data);
  if (flags.no_proxy) merged.no_proxy = true;
  // A project named on the command line, by name or by id, replaces the profile's either way.
  if (flags.project || flags.project_id) {
    merged.project = flags.project;
    merged.project_id = flags.project_id;
  }
  take(merged.isolate_plugins, flags.isolate_plugins);
  if (!flags.plugin_dirs.empty()) merged.plugin_dirs = flags.plugin_dirs;
  return merged;
}

}  // namespace mstr::cli
