// mstr resolve REF: checks that a credential reference resolves, without showing it unless asked.
#include "commands/commands.hpp"

#include <ostream>

namespace mstr::cli {

void run_resolve(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 1);
  const auto reference = context.parse_known_reference("resolve", line.operands[0]);
  const SecretValue value = context.resolver().resolve(reference);
  if (line.show) {
    out << value.reveal() << '\n';
  } else {
    out << "**** (" << value.size() << " characters)\n";
  }
}

}  // namespace mstr::cli
