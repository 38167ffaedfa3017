#pragma once
// --attributes, --metrics and --filter of `mstr report` and `mstr cube`: names and ids resolved
// against the definition and the attributes' elements (each looked up once per command, paged), and
// turned into ReadOptions' requestedObjects and viewFilter. An unknown name is a usage error listing
// the closest ones, before anything runs.

#include "command_line.hpp"

#include <mstr/report.hpp>

#include <string>

namespace mstr::cli {

// The report (`report` true) or cube `id` as the commands see it: its definition, fetched once.
class DataSource {
 public:
  DataSource(Session& session, bool report, std::string id, ReadOptions options);

  const Definition& definition();
  // An attribute by id or name (case-insensitive); UsageError with the closest names otherwise.
  const AttributeInfo& attribute(const std::string& given);
  const MetricInfo& metric(const std::string& given);
  AttributeElements elements(const std::string& attribute_id, std::size_t page_size);

  // Sets options.requested_objects and options.view_filter from the command line's options.
  void apply_selection(const CommandLine& line, ReadOptions& options);

  const char* noun() const { return report_ ? "report" : "cube"; }

 private:
  std::vector<std::string> element_ids(const AttributeInfo& attribute, const std::vector<std::string>& given);

  Session& session_;
  bool report_;
  std::string id_;
  ReadOptions options_;
  std::optional<Definition> definition_;
};

// "a,b , c" -> {"a", "b", "c"}; "" -> {}.
std::vector<std::string> split_list(const std::string& text);

}  // namespace mstr::cli
