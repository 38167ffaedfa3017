#include "command.hpp"

#include <test_support/paths.hpp>


namespace mstr::test {

CommandRun run_command(const std::string& program, const std::vector<std::string>& args,
                       ChildProcessOptions options, std::chrono::seconds timeout) {
  ChildProcess child(program, args, std::move(options));
  CommandRun run;
  run.exit_code = child.wait(timeout);
  run.out = child.stdout_text();
  run.err = child.stderr_text();
  return run;
}

CommandRun configure_consumer(const std::filesystem::path& source, const std::filesystem::path& build,
                              const std::filesystem::path& prefix, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"-S", source.string(), "-B", build.string(), "-G", MSTR_CMAKE_GENERATOR,
                                "-DCMAKE_PREFIX_PATH=" + prefix.string(),
                                "-DCMAKE_CXX_COMPILER=" MSTR_CXX_COMPILER,
                                "-DCMAKE_BUILD_TYPE=RelWithDebInfo"};
  // The consumers are rebuilt on every run: ccache makes the second run cheap.
  if (std::filesystem::exists("/usr/bin/ccache")) {
    args.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=/usr/bin/ccache");
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return run_command(MSTR_CMAKE_COMMAND, args);
}

CommandRun build_consumer(const std::filesystem::path& build, const std::vector<std::string>& targets) {
  // Paths under the scratch directory reach ccache relative to it, so a run in another scratch
  // directory still hits the cache.
  ChildProcessOptions options;
  options.env = {{"CCACHE_BASEDIR", build.parent_path().string()}};
  std::vector<std::string> args{"--build", build.string(), "--parallel", "2"};
  if (!targets.empty()) {
    args.emplace_back("--target");
    args.insert(args.end(), targets.begin(), targets.end());
  }
  return run_command(MSTR_CMAKE_COMMAND, args, options);
}

FakeVaultProcess::FakeVaultProcess() {
  const auto secrets = dir_.path() / "secrets.json";
  write_file(secrets, R"({"secret": {"mstr/prod": [{"username": "analyst", "password": "analyst-pass"}]}})");
  const auto script = source_dir() / "samples" / "vault-plugin" / "tests" / "fake_vault.py";
  process_ = std::make_unique<ChildProcess>(
      "python3", std::vector<std::string>{script.string(), "--secrets", secrets.string(), "--token",
                                          kFakeVaultToken, "--lifetime", "300"});
  url_ = process_->wait_for_first_line(std::chrono::seconds(60));
}

}  // namespace mstr::test
