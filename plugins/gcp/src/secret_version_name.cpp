#include "secret_version_name.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

namespace mstr::internal::gcp {
namespace {

constexpr std::string_view kGrammar =
    "expected gcp-sm:projects/PROJECT/secrets/SECRET[/versions/VERSION][#field]";

[[noreturn]] void fail(const std::string& why) {
  throw CredentialError("gcp-sm reference: " + why + "; " + std::string(kGrammar), kProviderName);
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto slash = text.find('/');
    parts.push_back(text.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    text = text.substr(slash + 1);
  }
}

// Each segment becomes a path segment of the request URL, so only the characters Google allows in
// project ids (including legacy "example.com:project"), secret ids and versions get through.
bool valid_segment(std::string_view segment, std::string_view extra) {
  return !segment.empty() && segment.size() <= 255 &&
         std::all_of(segment.begin(), segment.end(), [&](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                  extra.find(c) != std::string_view::npos;
         });
}

bool valid_version(std::string_view version) {
  if (version == "latest") return true;
  return !version.empty() && version.size() <= 19 && std::all_of(version.begin(), version.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

SecretVersionName SecretVersionName::parse(std::string_view locator) {
  if (locator.find('?') != std::string_view::npos) fail("query options are not supported");
  const auto parts = split(locator);
  if ((parts.size() != 4 && parts.size() != 6) || parts[0] != "projects" || parts[2] != "secrets" ||
      (parts.size() == 6 && parts[4] != "versions")) {
    fail("malformed locator");
  }
  SecretVersionName name;
  if (!valid_segment(parts[1], ".:")) fail("invalid project id");
  if (!valid_segment(parts[3], "")) fail("invalid secret id (letters, digits, '-' and '_' only)");
  name.project = std::string(parts[1]);
  name.secret = std::string(parts[3]);
  if (parts.size() == 6) {
    if (!valid_version(parts[5])) fail("invalid version (a version number or 'latest')");
    name.version = std::string(parts[5]);
  }
  return name;
}

std::string SecretVersionName::resource_name() const {
  return "projects/" + project + "/secrets/" + secret + "/versions/" + version;
}

}  // namespace mstr::internal::gcp
