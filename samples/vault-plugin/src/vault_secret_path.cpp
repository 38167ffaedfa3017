#include "vault_secret_path.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <Poco/URI.h>

#include <algorithm>
#include <charconv>

namespace vault {
namespace {

[[noreturn]] void fail(const mstr::CredentialReference& reference, const std::string& problem) {
  throw mstr::CredentialError(reference.to_string() + ": " + problem +
                                  " (expected vault:MOUNT/PATH[?version=N][#field], e.g. vault:secret/mstr/prod#password)",
                              "vault");
}

bool has_empty_segment(const std::string& path) {
  return path.empty() || path.front() == '/' || path.back() == '/' || path.find("//") != std::string::npos;
}

}  // namespace

VaultSecretPath VaultSecretPath::parse(const mstr::CredentialReference& reference) {
  // The path may be written plainly or percent-encoded (`team a` or `team%20a`): both name one secret.
  std::string full;
  Poco::URI::decode(reference.path(), full);
  const auto slash = full.find('/');
  if (slash == std::string::npos) fail(reference, "no secret path after the mount");
  VaultSecretPath result;
  result.mount = full.substr(0, slash);
  result.path = full.substr(slash + 1);
  if (result.mount.empty() || has_empty_segment(result.path)) fail(reference, "an empty mount or path segment");
  // ".." would let a reference climb out of the mount it names into another API path.
  for (const auto& part : {result.mount, result.path}) {
    if (part == ".." || part.find("../") == 0 || part.find("/..") != std::string::npos) {
      fail(reference, "'..' is not allowed in a secret path");
    }
  }

  for (const auto& [key, value] : reference.query()) {
    if (key != "version") fail(reference, "unknown option '" + key + "'");
    unsigned long version = 0;
    const auto* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, version);
    if (error != std::errc{} || stop != end || version == 0) fail(reference, "version must be a positive integer");
    result.version = version;
  }
  return result;
}

std::string VaultSecretPath::read_endpoint() const {
  std::string encoded_path;
  // Each segment is encoded on its own so the slashes between them stay path separators.
  std::string::size_type start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    if (!encoded_path.empty()) encoded_path += '/';
    encoded_path +=
        mstr::percent_encode(std::string_view(path).substr(start, end - start), mstr::url_keep::kPathSegment);
    start = end + 1;
  }
  std::string endpoint =
      "/v1/" + mstr::percent_encode(mount, mstr::url_keep::kPathSegment) + "/data/" + encoded_path;
  if (version) endpoint += "?version=" + std::to_string(*version);
  return endpoint;
}

}  // namespace vault
