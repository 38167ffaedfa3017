#include "profile.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output_target.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>

#include <sys/stat.h>

namespace mstr::cli {
namespace {

std::string known_keys_text() {
  std::string text;
  for (const auto& spec : option_specs()) {
    if (spec.profile_key.empty()) continue;
    if (!text.empty()) text += ", ";
    text += spec.profile_key;
  }
  return text;
}

Poco::JSON::Object::Ptr read_json_object(const std::string& path, const std::string& what) {
  const std::string text = read_file_text(path, what + ": ");
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw UsageError(what + " " + path + " is not a JSON object");
  }
  if (object.isNull()) throw UsageError(what + " " + path + " is not a JSON object");
  return object;
}

// The value of `key` in the profile `label` ("config FILE" or "profile NAME in FILE"), as the
// option's field takes it: a string, true or false, a number of seconds, or an array of strings.
void read_profile_value(const OptionSpec& spec, const std::string& label, const Poco::Dynamic::Var& value,
                        CommandLine& line) {
  const std::string key(spec.profile_key);
  const auto fail = [&](const char* expected) -> void {
    throw UsageError(label + ": \"" + key + "\" must be " + expected);
  };
  if (spec.repeatable()) {
    if (value.type() != typeid(Poco::JSON::Array::Ptr)) fail("an array of strings");
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    if (array.isNull()) fail("an array of strings");
    for (std::size_t i = 0; i < array->size(); ++i) {
      const Poco::Dynamic::Var item = array->get(static_cast<unsigned int>(i));
      if (!item.isString()) fail("an array of strings");
      apply_option(spec, line, item.extract<std::string>(), label);
    }
  } else if (!spec.takes_value()) {
    if (!value.isBoolean()) fail("true or false");
    // false is kept as false, so it stands against a profile further down that says true.
    auto* member = std::get_if<std::optional<bool> GlobalOptions::*>(&spec.field);
    if (member == nullptr) throw std::logic_error("profile key " + key + " is not a global switch");
    line.global.**member = value.extract<bool>();
  } else if (std::holds_alternative<std::optional<double> GlobalOptions::*>(spec.field)) {
    if (!value.isNumeric()) fail("a number of seconds");
    apply_option(spec, line, value.toString(), "\"" + key + "\" in " + label);
  } else {
    if (!value.isString()) fail("a string");
    apply_option(spec, line, value.extract<std::string>(), label);
  }
}

GlobalOptions profile_from_object(const std::string& label, const Poco::JSON::Object::Ptr& object) {
  CommandLine line;
  for (const auto& [key, value] : *object) {
    const auto& specs = option_specs();
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.profile_key == key; });
    if (spec == specs.end()) {
      throw UsageError(label + ": unknown key \"" + key + "\" (known: " + known_keys_text() + ")");
    }
    read_profile_value(*spec, label, value, line);
  }
  return line.global;
}

// One option of `flags` over the profile's: a value given replaces it, --plugin-dir flags replace
// the profile's plugin_dirs, and a switch given stays on. Fields of the command line alone (not
// GlobalOptions) have nothing to merge.
template <class T>
void merge_field(GlobalOptions& merged, const GlobalOptions& flags, std::optional<T> GlobalOptions::*member) {
  if (flags.*member) merged.*member = flags.*member;
}
void merge_field(GlobalOptions& merged, const GlobalOptions& flags, std::vector<std::string> GlobalOptions::*member) {
  if (!(flags.*member).empty()) merged.*member = flags.*member;
}
void merge_field(GlobalOptions& merged, const GlobalOptions& flags, bool GlobalOptions::*member) {
  if (flags.*member) merged.*member = true;
}
template <class T>
void merge_field(GlobalOptions&, const GlobalOptions&, T CommandLine::*) {}

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
  const auto root = read_profiles_file();
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

Poco::JSON::Object::Ptr read_profiles_file() {
  const std::string path = profiles_file_path();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw UsageError("profiles file " + path + " is writable by others, who could point your credentials at their " +
                     "server; make it private: chmod go-w " + path);
  }
  return read_json_object(path, "profiles file");
}

void save_named_profile(const std::string& name, const Poco::JSON::Object::Ptr& profile) {
  Poco::JSON::Object::Ptr root = read_profiles_file();
  Poco::JSON::Object::Ptr profiles = root->getObject("profiles");
  if (profiles.isNull()) {
    if (root->has("profiles")) throw UsageError("profiles file " + profiles_file_path() + ": \"profiles\" must be an object");
    profiles = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    root->set("profiles", profiles);
  }
  profiles->set(name, profile);
  if (!root->has("default_profile")) root->set("default_profile", name);
  const std::string path = profiles_file_path();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (!ec) {
    // Only the owner lists which servers and vaults the profiles name.
    std::filesystem::permissions(std::filesystem::path(path).parent_path(), std::filesystem::perms::owner_all, ec);
  }
  OutputTarget file(path, 0600);
  root->stringify(file.stream(), 2);
  file.stream() << '\n';
  file.commit();
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
  for (const auto& spec : option_specs()) {
    std::visit(
        [&](auto member) {
          merge_field(merged, flags, member);
        },
        spec.field);
  }
  // A project named on the command line, by name or by id, replaces the profile's either way.
  if (flags.project || flags.project_id) {
    merged.project = flags.project;
    merged.project_id = flags.project_id;
  }
  return merged;
}

}  // namespace mstr::cli
