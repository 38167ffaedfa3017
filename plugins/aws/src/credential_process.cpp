#include "credential_process.hpp"

#include "provider_error.hpp"

#include <plugin_common/json_object.hpp>
#include <plugin_common/process_runner.hpp>

#include <system_error>

namespace mstr::internal::aws {
namespace {

constexpr std::size_t max_output = 64 * 1024;

}  // namespace

std::vector<std::string> split_command_line(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const auto close = command.find('\'', i + 1);
      if (close == std::string::npos) throw provider_error("credential_process has an unterminated ' quote");
      word += command.substr(i + 1, close - i - 1);
      i = close;
      in_word = true;
    } else if (c == '"') {
      bool closed = false;
      for (++i; i < command.size(); ++i) {
        if (command[i] == '"') {
          closed = true;
          break;
        }
        if (command[i] == '\\' && i + 1 < command.size() &&
            std::string_view("\\\"$`\n").find(command[i + 1]) != std::string_view::npos) {
          ++i;
        }
        word.push_back(command[i]);
      }
      if (!closed) throw provider_error("credential_process has an unterminated \" quote");
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word.push_back(command[++i]);
      in_word = true;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) throw provider_error("credential_process is empty");
  return words;
}

CredentialProcess::CredentialProcess(std::chrono::milliseconds timeout) : timeout_(timeout) {}

AwsCredentials CredentialProcess::run(const std::string& command_line) const {
  const auto words = split_command_line(command_line);
  const std::string& program = words.front();
  const std::string what = "credential_process '" + program + "'";

  common::ProcessOptions options;
  options.timeout = timeout_;
  options.max_output = max_output;
  options.capture_stderr = false;  // passed through: the program may prompt or explain there
  common::ProcessResult result;
  try {
    result = common::run_process(program, std::vector<std::string>(words.begin() + 1, words.end()), options);
  } catch (const std::system_error& error) {
    throw provider_error(what + " could not be started: " + error.what());
  }
  if (result.timed_out) {
    throw provider_error(what + " did not finish within " + std::to_string(timeout_.count()) + " ms");
  }
  if (result.output_truncated) throw provider_error(what + " printed more than 64 KiB");
  if (result.exit_code != 0) throw provider_error(what + " exited with status " + std::to_string(result.exit_code));

  const auto object = common::parse_json_object(result.out);
  if (!object) throw provider_error(what + " did not print a JSON object");
  if (object->optValue<int>("Version", 0) != 1) throw provider_error(what + " printed a Version other than 1");
  return credentials_from_json(*object, "SessionToken", what);
}

}  // namespace mstr::internal::aws
