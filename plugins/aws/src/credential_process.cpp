#include "credential_process.hpp"

#include "provider_error.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <poll.h>
#include <unistd.h>

#include <thread>

namespace mstr::internal::aws {
namespace {

constexpr std::size_t max_output = 64 * 1024;

class ChildGuard {
 public:
  explicit ChildGuard(Poco::ProcessHandle& handle) : handle_(handle) {}
  ~ChildGuard() {
    if (!done_) {
      try {
        if (Poco::Process::isRunning(handle_)) Poco::Process::kill(handle_);
        handle_.wait();
      } catch (const Poco::Exception&) {
        // The child is gone either way; nothing more can be done from a destructor.
      }
    }
  }
  void release() { done_ = true; }

 private:
  Poco::ProcessHandle& handle_;
  bool done_ = false;
};

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
  const Poco::Process::Args args(words.begin() + 1, words.end());
  const std::string what = "credential_process '" + program + "'";

  Poco::Pipe out;
  std::optional<Poco::ProcessHandle> handle;
  try {
    handle.emplace(Poco::Process::launch(program, args, nullptr, &out, nullptr));
  } catch (const Poco::Exception& error) {
    throw provider_error(what + " could not be started: " + error.message());
  }
  ChildGuard guard(*handle);
  out.close(Poco::Pipe::CLOSE_WRITE);

  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  std::string output;
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw provider_error(what + " did not finish within " + std::to_string(timeout_.count()) + " ms");
    pollfd descriptor{out.readHandle(), POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t count = ::read(out.readHandle(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    output.append(buffer, static_cast<std::size_t>(count));
    if (output.size() > max_output) throw provider_error(what + " printed more than 64 KiB");
  }

  int status = -1;
  for (;;) {
    status = Poco::Process::tryWait(*handle);
    if (status != -1 || !Poco::Process::isRunning(*handle)) break;
    if (std::chrono::steady_clock::now() > deadline) {
      throw provider_error(what + " did not exit within " + std::to_string(timeout_.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  guard.release();
  if (status != 0) throw provider_error(what + " exited with status " + std::to_string(status));

  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(output).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw provider_error(what + " did not print a JSON object");
  }
  if (!object) throw provider_error(what + " did not print a JSON object");
  if (object->optValue<int>("Version", 0) != 1) throw provider_error(what + " printed a Version other than 1");
  return credentials_from_json(*object, "SessionToken", what);
}

}  // namespace mstr::internal::aws
