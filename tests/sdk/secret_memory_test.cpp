// SecretValue keeps its bytes in pages left out of core dumps: /proc/self/smaps shows the "dd"
// VmFlag on the mapping that holds a secret.
#include <mstr/sdk/secret_value.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The VmFlags of the mapping that contains `address`, or "" when none does.
std::string vm_flags_at(const void* address) {
  const auto where = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> start >> dash >> end && dash == '-' && line.find(' ') != std::string::npos) {
      inside = where >= start && where < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("a secret's bytes sit in a mapping excluded from core dumps", "[secret][hardening]") {
  const mstr::SecretValue secret(std::string("a-password-for-the-dump-test"));
  const std::string flags = vm_flags_at(secret.reveal().data());
  INFO(flags);
  REQUIRE_FALSE(flags.empty());
  CHECK(flags.find(" dd") != std::string::npos);

  // An ordinary heap string is not: the check can tell them apart.
  const std::string ordinary(200, 'x');
  CHECK(vm_flags_at(ordinary.data()).find(" dd") == std::string::npos);
}

TEST_CASE("copies, moves and many secrets keep their values in secret memory", "[secret][hardening]") {
  std::vector<mstr::SecretValue> secrets;
  for (int i = 0; i < 300; ++i) secrets.emplace_back(std::string(static_cast<std::size_t>(1 + i * 7 % 900), char('a' + i % 26)));
  secrets.emplace_back(std::string(10000, 'z'));  // larger than a page
  for (int i = 0; i < 300; ++i) {
    CHECK(secrets[static_cast<std::size_t>(i)].reveal() == std::string(static_cast<std::size_t>(1 + i * 7 % 900), char('a' + i % 26)));
  }
  CHECK(vm_flags_at(secrets.back().reveal().data() + 9000).find(" dd") != std::string::npos);

  mstr::SecretValue copy = secrets[5];
  CHECK(copy == secrets[5]);
  CHECK(copy.reveal().data() != secrets[5].reveal().data());
  mstr::SecretValue moved = std::move(copy);
  CHECK(moved == secrets[5]);
  CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from secret is empty by contract
  secrets.erase(secrets.begin(), secrets.begin() + 150);
  mstr::SecretValue again("after-frees");
  CHECK(again.reveal() == "after-frees");
  CHECK(vm_flags_at(again.reveal().data()).find(" dd") != std::string::npos);
  CHECK(mstr::SecretValue().reveal().empty());
  CHECK(mstr::SecretValue(std::string()).empty());
}
