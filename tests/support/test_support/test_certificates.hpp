#pragma once
// TLS material made at test time with the openssl command (the repository holds no keys).

#include <filesystem>

namespace mstr::test {

struct TestCertificates {
  std::filesystem::path ca_cert;        // the CA that signed server_cert
  std::filesystem::path server_cert;    // CN=localhost, subjectAltName IP:127.0.0.1, DNS:localhost
  std::filesystem::path server_key;
  std::filesystem::path other_ca_cert;  // an unrelated CA, for "unknown CA" failures
  std::filesystem::path directory;      // holds all of the above

  // Generated once per process into a private temporary directory removed at exit. Throws
  // std::runtime_error with openssl's output if generation fails.
  static const TestCertificates& get();
};

}  // namespace mstr::test
