#include "output.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <ostream>

namespace mstr::cli {

void print_json(std::ostream& out, const Poco::Dynamic::Var& value) {
  Poco::JSON::Stringifier::stringify(value, out, 2);
  out << '\n';
}

void print_body(std::ostream& out, const std::string& body) {
  if (body.empty()) return;
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {
    out << body;
    if (body.back() != '\n') out << '\n';
    return;
  }
  print_json(out, parsed);
}

}  // namespace mstr::cli
