// mstr dataset push: a CSV file becomes a dataset (or updates one), published and waited for.
#include "commands/commands.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"
#include "file_text.hpp"

#include <mstr/csv_reader.hpp>
#include <mstr/dataset.hpp>
#include <mstr/errors.hpp>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <ostream>

namespace mstr::cli {
namespace {

// One line on stderr rewritten in place, only for a person watching a terminal.
std::function<void(const PushProgress&)> terminal_progress() {
  if (isatty(STDERR_FILENO) == 0) return nullptr;
  return [](const PushProgress& progress) {
    std::cerr << "\rmstr: " << progress.rows_uploaded << " rows uploaded in " << progress.chunks_uploaded
              << " chunks" << (progress.publishing ? ", publishing...\n" : "") << std::flush;
  };
}

}  // namespace

void run_dataset(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 1);
  if (line.operands[0] != "push") {
    throw UsageError("unknown dataset command '" + line.operands[0] + "'; usage: mstr " +
                     std::string(find_command("dataset")->synopsis));
  }
  if (!line.table || line.table->empty()) throw UsageError("dataset push needs --table TABLE");
  if (!line.csv) throw UsageError("dataset push needs --csv FILE");
  if (!context.options().project && !context.options().project_id)
    throw UsageError("dataset push needs --project NAME or --project-id ID");
  if (line.dataset_id && (line.name || line.folder_id)) {
    throw UsageError("--name and --folder-id are for a new dataset; --dataset-id updates an existing one");
  }
  if (!line.dataset_id && (!line.name || line.name->empty())) {
    throw UsageError("dataset push needs --name NAME for a new dataset (or --dataset-id ID to update one)");
  }
  CsvPush push;
  push.csv_file = *line.csv;
  push.table_name = *line.table;
  push.dataset_name = line.name.value_or("");
  push.folder_id = line.folder_id.value_or("");
  push.dataset_id = line.dataset_id;
  try {
    if (line.update_policy) push.policy = parse_update_policy(*line.update_policy);
  } catch (const ConfigurationError& error) {
    throw UsageError(std::string("--update-policy: ") + error.what());
  }
  if (!line.dataset_id && push.policy != UpdatePolicy::replace) {
    throw UsageError(
        "a new dataset is created with --update-policy replace; add, update and upsert need --dataset-id");
  }
  if (const auto reason = unreadable_reason(push.csv_file.string()); !reason.empty()) {
    throw UsageError("--csv: cannot read " + push.csv_file.string() + ": " + reason);
  }

  try {
    // The file is checked (and its types inferred) before anything reaches the server.
    push.columns = infer_csv_columns(push.csv_file);
    Session& session = context.session();
    PushOptions options;
    // The session selected --project/--project-id right after logging in.
    options.project_id = session.selected_project()->id;
    options.on_progress = terminal_progress();
    out << push_csv(session, push, options).dataset_id << '\n';
  } catch (const CsvError& error) {
    throw UsageError(error.what());
  } catch (const DatasetUploadError& error) {
    // The exit code is the cause's (a server refusal, a network failure); the message says more.
    ExitCode code = ExitCode::server;
    try {
      std::rethrow_exception(error.cause());
    } catch (...) {
      code = classify_current_exception().code;
    }
    throw CliError(error.what(), code);
  }
}

}  // namespace mstr::cli
