// The code layout of cmake/MstrHotPath.cmake: the functions named in core/hot_path.txt and
// cli/hot_path.txt lie together at the start of .text in libmstr-core and mstr, and the lists still
// name the functions the build has (a list gone stale costs start-up memory without failing anything
// else: regenerate it with scripts/hot_path.py).
#include <test_support/child_process.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> listed_functions(const std::string& list_file) {
  std::ifstream in(list_file);
  REQUIRE(in);
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.front() != '#') names.push_back(line);
  }
  return names;
}

// Every function symbol of `binary` (nm's t, T, w and W), by address.
std::multimap<std::uint64_t, std::string> functions_by_address(const std::string& binary) {
  mstr::test::ChildProcess nm("nm", {"--defined-only", binary});
  // The limit only stops a hung nm: it lists the library in well under a second.
  REQUIRE(nm.wait(std::chrono::minutes(2)) == 0);
  std::multimap<std::uint64_t, std::string> functions;
  std::istringstream lines(nm.stdout_text());
  std::string address, type, name;
  while (lines >> address >> type >> name) {
    if (type == "t" || type == "T" || type == "w" || type == "W") {
      functions.emplace(std::stoull(address, nullptr, 16), name);
    }
  }
  return functions;
}

void check_layout(const std::string& list_file, const std::string& binary) {
  INFO(binary << " laid out by " << list_file);
  const auto listed_names = listed_functions(list_file);
  REQUIRE(listed_names.size() > 100);
  const std::set<std::string> listed(listed_names.begin(), listed_names.end());
  const auto is_listed = [&](const auto& function) { return listed.count(function.second) != 0; };
  const auto functions = functions_by_address(binary);

  // Names the build no longer has: a few go with each change to the path, most must stay.
  std::set<std::string> defined;
  for (const auto& function : functions) {
    if (is_listed(function)) defined.insert(function.second);
  }
  INFO(defined.size() << " of " << listed.size() << " listed functions are in the build");
  CHECK(defined.size() * 10 >= listed.size() * 9);

  // Together: from the first listed function on, the functions in address order are listed ones
  // (a name local to several files, such as a clone `.isra.0`, is placed in each) until nearly
  // every listed function has been passed. The few left are ones the linker script cannot place
  // by name, such as a function of the C library's static part.
  auto at = std::find_if(functions.begin(), functions.end(), is_listed);
  std::set<std::string> together;
  while (at != functions.end()) {
    // Every name at one address: a constructor's C1 and C2, say.
    const auto [begin, end] = functions.equal_range(at->first);
    if (std::none_of(begin, end, is_listed)) break;
    for (auto name = begin; name != end; ++name) {
      if (is_listed(*name)) together.insert(name->second);
    }
    at = end;
  }
  INFO(together.size() << " listed functions lie together; the first function after them: "
                       << (at == functions.end() ? std::string("-") : at->second));
  CHECK(together.size() * 10 >= defined.size() * 9);
}

}  // namespace

TEST_CASE("libmstr-core lays out the functions of its hot-path list together", "[layout]") {
  check_layout(MSTR_CORE_HOT_PATH_LIST, MSTR_CORE_LIBRARY_FILE);
}

TEST_CASE("mstr lays out the functions of its hot-path list together", "[layout]") {
  check_layout(MSTR_CLI_HOT_PATH_LIST, MSTR_CLI_FILE);
}
