// mstr report ID / mstr cube ID: run one and print its rows as CSV, JSON or an aligned table.
#include "commands/commands.hpp"

#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output.hpp"
#include "output_target.hpp"

#include <mstr/data_writers.hpp>
#include <mstr/errors.hpp>
#include <mstr/report.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

namespace mstr::cli {
namespace {

enum class Format { csv, json, table };

Format parse_format(const CommandLine& line) {
  if (!line.format) return prints_to_terminal(line) ? Format::table : Format::csv;
  if (*line.format == "csv") return Format::csv;
  if (*line.format == "json") return Format::json;
  if (*line.format == "table") return Format::table;
  throw UsageError("--format takes csv, json or table; got '" + *line.format + "'");
}

std::size_t parse_count(const std::optional<std::string>& text, const std::string& option, std::size_t fallback,
                        std::size_t max) {
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < 1 || value > max) {
    throw UsageError(option + " takes a whole number from 1 to " + std::to_string(max) + "; got '" + *text + "'");
  }
  return value;
}

Poco::Dynamic::Var read_answers(const std::string& path) {
  const std::string text = read_file_text(path, "--answers: ");
  Poco::Dynamic::Var answers;
  try {
    answers = Poco::JSON::Parser().parse(text);
  } catch (const Poco::Exception&) {
    throw UsageError("--answers: " + path + " is not valid JSON (expected {\"prompts\":[...]})");
  }
  const bool shaped = answers.type() == typeid(Poco::JSON::Object::Ptr) &&
                      answers.extract<Poco::JSON::Object::Ptr>()->getArray("prompts");
  if (!shaped) throw UsageError("--answers: " + path + " must hold a JSON object {\"prompts\":[...]}");
  return answers;
}

// "rows 12000 of 1000000" on one rewritten line of a terminal.
class Progress {
 public:
  Progress() : enabled_(isatty(STDERR_FILENO) != 0) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    std::cerr << "\rrows " << done << " of " << total << std::flush;
    shown_ = true;
  }
  ~Progress() {
    if (shown_) std::cerr << '\n';
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

void print_table(std::ostream& out, const DataTable& table) {
  std::vector<std::size_t> widths;
  for (const auto& column : table.columns) widths.push_back(display_width(table_cell(column.name)));
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(table_cell(cell_text(row[i]))));
    }
  }
  auto print_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string padding(widths[i] - std::min(widths[i], display_width(cells[i])), ' ');
      if (i > 0) line += "  ";
      // Metrics read best right-aligned, text left-aligned.
      line += table.columns[i].kind == ColumnKind::metric ? padding + cells[i] : cells[i] + padding;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  std::vector<std::string> cells;
  for (const auto& column : table.columns) cells.push_back(table_cell(column.name));
  print_line(cells);
  for (std::size_t i = 0; i < widths.size(); ++i) cells[i] = std::string(widths[i], '-');
  print_line(cells);
  for (const auto& row : table.rows) {
    cells.clear();
    for (std::size_t i = 0; i < table.columns.size(); ++i) cells.push_back(i < row.size() ? table_cell(cell_text(row[i])) : "");
    print_line(cells);
  }
}

void run_data(CliContext& context, const CommandLine& line, std::ostream& out, bool report) {
  check_operand_count(line, 1);
  const Format format = parse_format(line);
  ReadOptions options;
  options.page_size = parse_count(line.page_size, "--page-size", options.page_size, 10'000'000);
  options.parallel = static_cast<int>(parse_count(line.parallel, "--parallel", 4, 64));
  if (line.answers) options.prompt_answers = read_answers(*line.answers);

  const std::string& id = line.operands[0];
  // Asked before the login, in the options the user has.
  if (!context.options().project && !context.options().project_id) {
    throw UsageError(std::string(report ? "report " : "cube ") + id +
                     " needs a project: give --project NAME or --project-id ID (or set MSTR_PROJECT, or "
                     "project in the profile)");
  }
  // --project/--project-id were selected for the whole session; the reader sends its id.
  Session& session = context.session();

  Progress progress;
  std::size_t done = 0;
  try {
    if (format == Format::table) {
      DataTable table;
      auto collect = [&](const DataPage& page) {
        table.columns = page.columns;
        table.rows.insert(table.rows.end(), page.rows.begin(), page.rows.end());
        progress.update(done += page.rows.size(), page.total);
      };
      if (report) {
        Report(session, id).stream(options, collect);
      } else {
        Cube(session, id).stream(options, collect);
      }
      print_table(out, table);
      return;
    }
    CsvWriter csv(out);
    JsonRowWriter json(out);
    auto write = [&](const PageView& page) {
      if (format == Format::csv) {
        csv.write(page);
      } else {
        json.write(page);
      }
      // Each page leaves at once: a reader that went away (`| head`) is found by the next page's
      // write, not after the buffer filled.
      out.flush();
      progress.update(done += page.row_count(), page.total());
    };
    if (report) {
      Report(session, id).stream_view(options, write);
    } else {
      Cube(session, id).stream_view(options, write);
    }
    if (format == Format::json) json.finish();
  } catch (const PromptedContentError& error) {
    if (error.http_status() != 0) throw;
    std::string names;
    for (const auto& name : error.unanswered_prompts()) names += (names.empty() ? "" : ", ") + name;
    throw UsageError("report " + id + " has prompts" + (names.empty() ? "" : " (" + names + ")") +
                     (line.answers ? " that " + *line.answers + " does not answer"
                                   : "; answer them with --answers FILE, a JSON file "
                                     "{\"prompts\":[{\"key\":...,\"type\":...,\"answers\":[...]}]}"));
  }
}

}  // namespace

void run_report(CliContext& context, const CommandLine& line, std::ostream& out) { run_data(context, line, out, true); }

void run_cube(CliContext& context, const CommandLine& line, std::ostream& out) { run_data(context, line, out, false); }

}  // namespace mstr::cli
