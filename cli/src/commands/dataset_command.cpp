// mstr dataset push: a CSV file becomes a dataset (or updates one), published and waited for.
#include "commands/commands.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output.hpp"
#include "output_target.hpp"
#include "progress.hpp"

#include <mstr/csv_reader.hpp>
#include <mstr/dataset.hpp>
#include <mstr/errors.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <ostream>

namespace mstr::cli {
namespace {

// The whole command's deadline (--max-time), when there is one.
std::optional<std::chrono::steady_clock::time_point> command_deadline(const CliContext& context) {
  const auto seconds = context.options().max_time_seconds;
  if (!seconds) return std::nullopt;
  return context.started() + std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
}

UpdatePolicy policy_from(const std::string& text) {
  try {
    return parse_update_policy(text);
  } catch (const ConfigurationError& error) {
    throw UsageError(std::string("--update-policy: ") + error.what());
  }
}

// The --table/--csv pairs, each with its policy: --update-policy POLICY for all, TABLE=POLICY for one.
std::vector<CsvTable> csv_tables(const CommandLine& line) {
  if (line.table.empty()) throw UsageError("dataset push needs --table TABLE --csv FILE (once per table)");
  if (line.csv.empty()) throw UsageError("dataset push needs --csv FILE after each --table TABLE");
  if (line.csv.size() != line.table.size()) {
    throw UsageError("dataset push takes one --csv FILE for each --table NAME; got " + std::to_string(line.table.size()) +
                     " --table and " + std::to_string(line.csv.size()) + " --csv");
  }
  std::vector<CsvTable> tables;
  for (std::size_t t = 0; t < line.table.size(); ++t) {
    if (line.table[t].empty()) throw UsageError("--table needs a name");
    for (std::size_t u = 0; u < t; ++u) {
      if (line.table[u] == line.table[t]) throw UsageError("--table " + line.table[t] + " is given twice");
    }
    if (const auto reason = unreadable_reason(line.csv[t]); !reason.empty()) {
      throw UsageError("--csv: cannot read " + line.csv[t] + ": " + reason);
    }
    tables.push_back({line.table[t], line.csv[t], UpdatePolicy::replace, {}});
  }
  bool all_given = false;
  for (const auto& given : line.update_policy) {
    const std::size_t equals = given.find('=');
    if (equals == std::string::npos) {
      if (all_given) throw UsageError("--update-policy POLICY (for every table) is given twice");
      all_given = true;
      for (auto& table : tables) table.policy = policy_from(given);
    }
  }
  for (const auto& given : line.update_policy) {
    const std::size_t equals = given.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = given.substr(0, equals);
    auto it = std::find_if(tables.begin(), tables.end(), [&](const CsvTable& table) { return table.table_name == name; });
    if (it == tables.end()) throw UsageError("--update-policy " + given + ": no --table " + name + " was given");
    it->policy = policy_from(given.substr(equals + 1));
  }
  return tables;
}

// Rows uploaded, then the publish, on a terminal's progress line.
std::function<void(const PushProgress&)> progress_to(ProgressLine& line) {
  if (!line.enabled()) return nullptr;
  return [&line](const PushProgress& progress) {
    if (progress.publishing) {
      line.status("publishing (" + std::to_string(progress.rows_uploaded) + " rows uploaded)");
    } else {
      line.update(progress.rows_uploaded, std::nullopt);
    }
  };
}

void run_push(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.wait) throw UsageError("--wait goes with dataset publish; dataset push waits for its publish");
  if (!context.options().project && !context.options().project_id)
    throw UsageError("dataset push needs --project NAME or --project-id ID");
  if (line.dataset_id && (line.name || line.folder_id)) {
    throw UsageError("--name and --folder-id are for a new dataset; --dataset-id updates an existing one");
  }
  if (!line.dataset_id && (!line.name || line.name->empty())) {
    throw UsageError("dataset push needs --name NAME for a new dataset (or --dataset-id ID to update one)");
  }
  std::vector<CsvTable> tables = csv_tables(line);
  if (!line.dataset_id) {
    for (const auto& table : tables) {
      if (table.policy != UpdatePolicy::replace) {
        throw UsageError("a new dataset is created with --update-policy replace; add, update and upsert need "
                         "--dataset-id");
      }
    }
  }
  try {
    // Every file is checked (and its types inferred) before anything reaches the server.
    for (auto& table : tables) table.columns = infer_csv_columns(table.csv_file);
    Session& session = context.session();
    PushOptions options;
    // The session selected --project/--project-id right after logging in.
    options.project_id = session.selected_project()->id;
    options.publish = !line.no_publish;
    options.deadline = command_deadline(context);
    ProgressLine progress("rows");
    options.on_progress = progress_to(progress);
    const PushResult result =
        push_csv_tables(session, line.name.value_or(""), line.folder_id.value_or(""), line.dataset_id, tables, options);
    erase_progress_line();
    if (line.no_publish) {
      out << result.dataset_id << ' ' << result.upload_session_id << '\n';
    } else {
      out << result.dataset_id << '\n';
    }
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

// dataset publish DATASET_ID UPLOAD_SESSION_ID [--wait]
void run_publish(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 3);
  if (!context.options().project && !context.options().project_id)
    throw UsageError("dataset publish needs --project NAME or --project-id ID");
  Session& session = context.session();
  PushOptions options;
  options.project_id = session.selected_project()->id;
  options.deadline = command_deadline(context);
  ProgressLine progress("polls");
  if (line.wait) progress.status("publishing dataset " + line.operands[1]);
  publish_dataset(session, line.operands[1], line.operands[2], line.wait, options);
  erase_progress_line();
  out << line.operands[1] << '\n';
}

}  // namespace

void run_dataset(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.empty() || (line.operands[0] != "push" && line.operands[0] != "publish")) {
    throw UsageError((line.operands.empty() ? std::string("dataset needs push or publish")
                                            : "unknown dataset command '" + line.operands[0] + "'") +
                     "; usage: mstr " + std::string(find_command("dataset")->synopsis));
  }
  if (line.operands[0] == "publish") {
    run_publish(context, line, out);
    return;
  }
  check_operand_count(line, 1);
  run_push(context, line, out);
}

}  // namespace mstr::cli
