#pragma once
// Runs a profile's `credential_process` command without a shell and reads the credentials JSON it
// prints (Version 1: AccessKeyId, SecretAccessKey, SessionToken, Expiration).

#include "aws_credentials.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace mstr::internal::aws {

// Splits a command line the way a POSIX shell splits words: blanks separate, '…' is literal, "…"
// honours backslash escapes, a backslash outside quotes escapes the next character. Nothing is
// expanded. Throws CredentialError on an unterminated quote or an empty command.
std::vector<std::string> split_command_line(const std::string& command);

class CredentialProcess {
 public:
  explicit CredentialProcess(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Runs `command_line` through the shared child-process runner and parses its standard output. The
  // process is killed when it outlives the timeout; more than 64 KiB of output is refused. Its
  // standard error is passed through to ours. Throws CredentialError naming the command (never its
  // output) on any failure.
  AwsCredentials run(const std::string& command_line) const;

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace mstr::internal::aws
