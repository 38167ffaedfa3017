// Compiled by toolchain_check_test.cpp with other standard-library settings than the SDK's: every
// SDK header must stop such a compile with one message.
#include <mstr/sdk/plugin.hpp>

int main() { return 0; }
