// mstr request METHOD PATH: one request of the user's choosing, the body printed.
#include "commands/commands.hpp"

#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output.hpp"

#include <mstr/request_path.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <ostream>
#include <sstream>

namespace mstr::cli {
namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string read_data(const std::string& data) {
  if (!data.starts_with("@")) return data;
  return read_file_text(data.substr(1), "--data: ");
}

std::pair<std::string, std::string> parse_header(const std::string& text) {
  const auto colon = text.find(':');
  const std::string_view whole = text;
  std::string name = colon == std::string::npos ? std::string{} : std::string(trim(whole.substr(0, colon), " \t"));
  // Only the name is quoted back: a header value may well be a token.
  if (name.empty() || name.find_first_of(" \t") != std::string::npos) {
    throw UsageError("--header takes NAME:VALUE, e.g. --header 'Accept: application/json'");
  }
  return {name, std::string(trim(whole.substr(colon + 1), " \t"))};
}

// Unlike curl, -i keeps session secrets off the terminal: tokens and cookie values are replaced,
// the cookie's name and attributes kept.
std::string printable_header_value(const std::string& name, const std::string& value) {
  if (iequals(name, "X-MSTR-AuthToken") || iequals(name, "X-MSTR-IdentityToken")) return "(hidden)";
  if (iequals(name, "Set-Cookie")) {
    const auto equals = value.find('=');
    const auto attributes = value.find(';');
    if (equals == std::string::npos) return "(hidden)";
    return value.substr(0, equals + 1) + "(hidden)" + (attributes == std::string::npos ? "" : value.substr(attributes));
  }
  return value;
}

}  // namespace

void run_request(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 2);
  const std::string method = upper(line.operands[0]);
  const std::string allowed[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  if (std::find(std::begin(allowed), std::end(allowed), method) == std::end(allowed)) {
    throw UsageError("unknown method '" + line.operands[0] + "' (GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS)");
  }

  RequestOptions request;
  if (line.data) {
    std::string body = read_data(*line.data);
    try {
      Poco::JSON::Parser().parse(body);
    } catch (const Poco::Exception&) {
      // The parser's message may quote the body, which can hold credentials of its own.
      throw UsageError("--data is not valid JSON");
    }
    request.body = std::move(body);
    request.content_type = "application/json";
  }
  for (const auto& header : line.headers) request.headers.push_back(parse_header(header));

  // Before the login: a path that leaves the API is refused before anything is sent.
  check_request_path(line.operands[1]);

  // --project/--project-id were selected for the whole session, whose requests carry the id.
  Session& session = context.session();

  const Response response = session.request(method, line.operands[1], request);
  if (line.include) {
    // As curl -i prints them: the status line, the headers, a blank line, then the body.
    out << "HTTP/1.1 " << response.status() << ' ' << response.reason() << "\r\n";
    for (const auto& [name, value] : response.headers()) out << name << ": " << printable_header_value(name, value) << "\r\n";
    out << "\r\n";
  } else if (response.text().empty()) {
    // A bodiless answer (204, or any HEAD) still says what happened.
    out << "HTTP " << response.status() << ' ' << response.reason() << '\n';
    return;
  }
  print_body(out, response.text());
}

}  // namespace mstr::cli
