#include "vault_files.hpp"

#include <mstr/sdk/errors.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace vault {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& origin, const std::string& problem) {
  throw mstr::CredentialError("the file " + file + " (" + origin + ") " + problem, "vault");
}

mstr::SecretValue read_trimmed(const std::string& file, const std::string& origin) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, origin, "cannot be opened: " + std::string(std::strerror(errno)));
  // Tokens, secret ids and JWTs are a few kilobytes at most: anything far larger is not one.
  constexpr std::size_t kLimit = 64 * 1024;
  std::string content(kLimit + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kLimit) fail(file, origin, "is larger than 64 KiB: it does not hold a token");
  mstr::SecretValue value(trimmed(std::move(content)));
  if (value.empty()) fail(file, origin, "is empty");
  return value;
}

}  // namespace

std::string trimmed(std::string text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  const auto begin = text.find_first_not_of(" \t\r\n");
  text.erase(0, begin == std::string::npos ? text.size() : begin);
  return text;
}

mstr::SecretValue read_private_file(const std::string& file, const std::string& origin) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0)
    fail(file, origin, "cannot be read: " + std::string(std::strerror(errno)));
  if (status.st_uid != ::geteuid()) {
    fail(file, origin,
         "is owned by uid " + std::to_string(status.st_uid) + ", not by the current user: chown it");
  }
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    fail(file, origin, "is accessible by group or others: chmod 600 it");
  return read_trimmed(file, origin);
}

mstr::SecretValue read_platform_file(const std::string& file, const std::string& origin) {
  return read_trimmed(file, origin);
}

}  // namespace vault
