#include "test_support/test_certificates.hpp"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support/child_process.hpp"
#include "test_support/temp_dir.hpp"

namespace mstr::test {
namespace {

void openssl(const std::vector<std::string>& args) {
  ChildProcess process("openssl", args);
  int code = process.wait(std::chrono::seconds(30));
  if (code != 0) {
    throw std::runtime_error("openssl " + args.front() + " failed with exit code " + std::to_string(code) + ": " +
                             process.stderr_text());
  }
}

// EC keys keep generation to milliseconds; the tests need valid chains, not strong keys.
void make_ca(const std::filesystem::path& dir, const std::string& name, const std::string& subject) {
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", (dir / (name + ".key")).string(), "-out", (dir / (name + ".pem")).string(), "-days", "3",
           "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
           "keyUsage=critical,keyCertSign,cRLSign"});
}

TestCertificates generate(const std::filesystem::path& dir) {
  make_ca(dir, "ca", "/CN=mstr test CA");
  make_ca(dir, "other-ca", "/CN=mstr unrelated test CA");
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
           (dir / "server.key").string(), "-out", (dir / "server.csr").string(), "-subj", "/CN=localhost"});
  write_file(dir / "server.ext",
             "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
             "basicConstraints=CA:FALSE\n"
             "keyUsage=critical,digitalSignature,keyEncipherment\n"
             "extendedKeyUsage=serverAuth\n");
  openssl({"x509", "-req", "-in", (dir / "server.csr").string(), "-CA", (dir / "ca.pem").string(), "-CAkey",
           (dir / "ca.key").string(), "-set_serial", "2", "-days", "3", "-extfile", (dir / "server.ext").string(),
           "-out", (dir / "server.pem").string()});
  return TestCertificates{dir / "ca.pem", dir / "server.pem", dir / "server.key", dir / "other-ca.pem", dir};
}

}  // namespace

const TestCertificates& TestCertificates::get() {
  // The directory lives as long as the process; function-local statics make the one-time
  // generation thread-safe.
  static const TempDir directory;
  static const TestCertificates certificates = generate(directory.path());
  return certificates;
}

}  // namespace mstr::test
