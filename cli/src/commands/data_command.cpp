// mstr report ID / mstr cube ID: run one and print its rows as CSV, JSON or an aligned table.
#include "commands/commands.hpp"
#include "commands/data_selection.hpp"

#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output.hpp"
#include "output_target.hpp"
#include "progress.hpp"

#include <mstr/data_writers.hpp>
#include <mstr/errors.hpp>
#include <mstr/report.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

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

// --answers FILE, the JSON itself ({...}), or - for standard input.
Poco::Dynamic::Var read_answers(const std::string& given) {
  std::string text;
  std::string source;
  if (given == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    text = in.str();
    source = "standard input";
  } else if (given.find_first_not_of(" \t\r\n") != std::string::npos &&
             given[given.find_first_not_of(" \t\r\n")] == '{') {
    text = given;
    source = "the JSON given";
  } else {
    text = read_file_text(given, "--answers: ");
    source = given;
  }
  Poco::Dynamic::Var answers;
  try {
    answers = Poco::JSON::Parser().parse(text);
  } catch (const Poco::Exception&) {
    throw UsageError("--answers: " + source + " is not valid JSON (expected {\"prompts\":[...]})");
  }
  const bool shaped = answers.type() == typeid(Poco::JSON::Object::Ptr) &&
                      answers.extract<Poco::JSON::Object::Ptr>()->getArray("prompts");
  if (!shaped) throw UsageError("--answers: " + source + " must hold a JSON object {\"prompts\":[...]}");
  return answers;
}

// A prompt's member as text: strings as they are, anything else as compact JSON, absent as "".
std::string member_text(const Poco::JSON::Object& prompt, const std::string& name) {
  if (!prompt.has(name)) return {};
  const Poco::Dynamic::Var value = prompt.get(name);
  if (value.isEmpty()) return {};
  if (value.isString()) return value.extract<std::string>();
  std::ostringstream text;
  Poco::JSON::Stringifier::condense(value, text);
  return text.str();
}

// --prompts: the report's prompts. As JSON, an answers file whose answers are the defaults (null
// where there is none), ready to edit and give to --answers; as a table or CSV, one row per prompt.
void print_prompts(std::ostream& out, const Poco::Dynamic::Var& listed, const std::string& id, OutputFormat format) {
  if (listed.type() != typeid(Poco::JSON::Array::Ptr)) {
    throw Error("GET reports/" + id + "/prompts answered with JSON that is not a list of prompts");
  }
  const auto& prompts = *listed.extract<Poco::JSON::Array::Ptr>();
  Listing listing{{"key", "type", "title", "required", "default"}, {}};
  Poco::JSON::Array::Ptr answers = new Poco::JSON::Array;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    const Poco::JSON::Object::Ptr prompt = prompts.getObject(static_cast<unsigned>(i));
    if (!prompt) continue;
    const std::string title = !member_text(*prompt, "title").empty() ? member_text(*prompt, "title")
                                                                      : member_text(*prompt, "name");
    const std::string default_key = prompt->has("defaultAnswer") ? "defaultAnswer" : "default";
    listing.rows.push_back({member_text(*prompt, "key"), member_text(*prompt, "type"), title,
                            member_text(*prompt, "required"), member_text(*prompt, default_key)});
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    answer->set("key", member_text(*prompt, "key"));
    answer->set("type", member_text(*prompt, "type"));
    answer->set("answers", prompt->has(default_key) ? prompt->get(default_key) : Poco::Dynamic::Var());
    answers->add(answer);
  }
  if (format != OutputFormat::json) {
    print_listing(out, listing, format);
    return;
  }
  Poco::JSON::Object::Ptr file = new Poco::JSON::Object;
  file->set("prompts", answers);
  print_json(out, file);
}

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

// The whole command's deadline (--max-time), when there is one.
std::optional<std::chrono::steady_clock::time_point> command_deadline(const CliContext& context) {
  const auto seconds = context.options().max_time_seconds;
  if (!seconds) return std::nullopt;
  return context.started() + std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
}

void require_project(const CliContext& context, const std::string& what) {
  // Asked before the login, in the options the user has.
  if (!context.options().project && !context.options().project_id) {
    throw UsageError(what + " needs a project: give --project NAME or --project-id ID (or set MSTR_PROJECT, or "
                            "project in the profile)");
  }
}

// --describe: one row per attribute and metric.
void print_definition(std::ostream& out, const Definition& definition, OutputFormat format) {
  Listing listing{{"kind", "id", "name", "forms"}, {}};
  for (const auto& attribute : definition.attributes) {
    std::string forms;
    for (const auto& form : attribute.forms) forms += (forms.empty() ? "" : ", ") + form.name;
    listing.rows.push_back({"attribute", attribute.id, attribute.name, forms});
  }
  for (const auto& metric : definition.metrics) listing.rows.push_back({"metric", metric.id, metric.name, ""});
  print_listing(out, listing, format);
}

// --elements ATTRIBUTE [--limit N]: id and name (the last form's value; every form when several).
void print_elements(std::ostream& out, DataSource& source, const CommandLine& line, OutputFormat format) {
  const AttributeInfo& attribute = source.attribute(*line.elements);
  constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);
  const std::size_t limit = line.limit ? parse_count(line.limit, "--limit", 0, 100'000'000) : kNoLimit;
  Listing listing{{"id", "name"}, {}};
  for (const auto& element : source.elements(attribute.id, std::min<std::size_t>(limit, 5000))) {
    if (listing.rows.size() >= limit) break;
    std::string name;
    for (const auto& value : element.form_values) name += (name.empty() ? "" : " ") + value;
    listing.rows.push_back({element.id, element.form_values.size() == 1 ? element.form_values.front() : name});
  }
  print_listing(out, listing, format);
}

// cube status ID: the X-MSTR-CubeStatus flags by name.
void print_cube_status(std::ostream& out, const std::string& id, const CubeStatus& status, OutputFormat format) {
  std::string names;
  for (const auto& name : status.names()) names += (names.empty() ? "" : " ") + name;
  print_listing(out, Listing{{"id", "status", "flags"}, {{id, std::to_string(status.bits), names}}}, format);
}

// cube publish ID [--wait]
void run_cube_publish(CliContext& context, const CommandLine& line, std::ostream& out, const std::string& id,
                      const ReadOptions& options) {
  Cube cube(context.session(), id);
  cube.publish(options);
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  if (!line.wait) {
    print_listing(out, Listing{{"id", "published"}, {{id, "started"}}}, format);
    return;
  }
  // The wait: --timeout SECONDS (default 30 minutes), and never past --max-time.
  const auto now = std::chrono::steady_clock::now();
  const double wait_seconds = context.options().timeout_seconds.value_or(1800);
  auto deadline = now + std::chrono::milliseconds(static_cast<long long>(wait_seconds * 1000));
  const auto max_time = command_deadline(context);
  const bool bound_by_max_time = max_time && *max_time < deadline;
  if (bound_by_max_time) deadline = *max_time;
  ProgressLine progress("polls");
  CubeStatus ready;
  try {
    ready = cube.wait_until_ready(deadline, options, [&](const CubeStatus& status) {
      std::string names;
      for (const auto& name : status.names()) names += (names.empty() ? "" : ", ") + name;
      progress.status("cube " + id + ": " + names);
    });
  } catch (const MstrTimeoutError& error) {
    // A publish that outlives --timeout is the server's state to report (exit 5); --max-time is the
    // whole command's bound (exit 6, as for every command).
    if (!bound_by_max_time) throw CliError(error.details().message + " (--timeout)", ExitCode::server);
    throw TimeoutError(error.details().message + " (--max-time)");
  }
  erase_progress_line();
  print_cube_status(out, id, ready, format);
}

void run_data(CliContext& context, const CommandLine& line, std::ostream& out, bool report) {
  // cube publish ID, cube status ID
  if (!report && !line.operands.empty() && (line.operands[0] == "publish" || line.operands[0] == "status")) {
    check_operand_count(line, 2);
    const std::string& id = line.operands[1];
    require_project(context, "cube " + line.operands[0] + " " + id);
    ReadOptions options;
    if (line.operands[0] == "publish") {
      run_cube_publish(context, line, out, id, options);
    } else {
      print_cube_status(out, id, Cube(context.session(), id).status(options),
                        choose_format(line.format, prints_to_terminal(line)));
    }
    return;
  }
  check_operand_count(line, 1);
  if (line.wait) throw UsageError("--wait goes with cube publish");
  if (line.limit && !line.elements) throw UsageError("--limit goes with --elements");
  const int modes = (line.describe ? 1 : 0) + (line.elements ? 1 : 0) + (line.sql ? 1 : 0) + (line.prompts ? 1 : 0);
  if (modes > 1) throw UsageError("--describe, --elements, --sql and --prompts each replace the run: give one");
  const Format format = parse_format(line);
  ReadOptions options;
  options.page_size = parse_count(line.page_size, "--page-size", options.page_size, 10'000'000);
  options.parallel = static_cast<int>(parse_count(line.parallel, "--parallel", 4, 64));
  if (line.answers) options.prompt_answers = read_answers(*line.answers);
  options.deadline = command_deadline(context);

  const std::string& id = line.operands[0];
  require_project(context, std::string(report ? "report " : "cube ") + id);
  // --project/--project-id were selected for the whole session; the reader sends its id.
  Session& session = context.session();
  const OutputFormat listed_as = choose_format(line.format, prints_to_terminal(line));
  if (line.prompts) {
    print_prompts(out, Report(session, id).prompts(options), id, listed_as);
    return;
  }
  DataSource source(session, report, id, options);
  if (line.describe) {
    print_definition(out, source.definition(), listed_as);
    return;
  }
  if (line.elements) {
    print_elements(out, source, line, listed_as);
    return;
  }
  // Names are resolved (and refused) before anything runs.
  source.apply_selection(line, options);

  try {
    if (line.sql) {
      out << (report ? Report(session, id).sql(options) : Cube(session, id).sql(options)) << '\n';
      return;
    }
    ProgressLine progress("rows");
    std::size_t done = 0;
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
      erase_progress_line();
      print_table(out, table);
      return;
    }
    CsvWriter csv(out);
    JsonRowWriter json(out);
    // Rows that go to the terminal the line is drawn on erase it first; rows that go to a file or a
    // pipe leave it alone, so that it stays in view instead of flickering once a page.
    const bool rows_to_terminal = prints_to_terminal(line);
    auto write = [&](const PageView& page) {
      if (rows_to_terminal) erase_progress_line();
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
    erase_progress_line();
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
