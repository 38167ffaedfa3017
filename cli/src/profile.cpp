#include "profile.hpp"

#include "exit_codes.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

namespace mstr::cli {
namespace {

const char* const known_keys[] = {"base_url", "auth", "username", "password", "api_key", "identity_token",
                                  "plugin_dirs", "session_file", "ca_file", "insecure", "timeout", "verbose"};

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
    throw UsageError("config " + path_ + ": \"" + key + "\" must be " + expected);
  }

  std::string path_;
  Poco::JSON::Object::Ptr object_;
};

}  // namespace

GlobalOptions load_profile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();

  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw UsageError("config " + path + " is not a JSON object");
  }
  if (object.isNull()) throw UsageError("config " + path + " is not a JSON object");

  for (const auto& [key, value] : *object) {
    bool known = false;
    for (const char* k : known_keys) known = known || key == k;
    if (!known) throw UsageError("config " + path + ": unknown key \"" + key + "\" (known: " + known_keys_text() + ")");
  }

  const ProfileReader reader(path, object);
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
  return profile;
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
  take(merged.isolate_plugins, flags.isolate_plugins);
  if (!flags.plugin_dirs.empty()) merged.plugin_dirs = flags.plugin_dirs;
  return merged;
}

}  // namespace mstr::cli
