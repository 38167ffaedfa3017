#pragma once
// A Library server that lies: oversized or endless bodies, headers dripped a byte at a time,
// redirects to another loopback address, error bodies of invalid UTF-8 and terminal escapes. It
// answers every request the same way, and keeps a log of every byte it received, so a test can
// assert what a client did or did not send (a token, a cookie, a password).
//
// Bounded: it streams for at most a few seconds per request, and stops when its client goes away.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mstr::test {

enum class Hostility {
  oversized_length,          // 200 with Content-Length: 2147483648, then bytes until the client leaves
  endless_chunked,           // 200, chunked, chunks without end
  endless_close_delimited,   // 200 without a length: a body that ends when the connection does
  slow_headers,              // a status line, then one header byte every 100 ms
  redirect,                  // 302 to `redirect_to` (an absolute URL), with a small body; a login succeeds
  invalid_utf8_error,        // 400 with MicroStrategy JSON whose message holds invalid UTF-8 and an ESC sequence
  login_accepted,            // 204 with X-MSTR-AuthToken (a login succeeds), and 200 {} otherwise
  session_expired,           // a login succeeds; everything else is 401 ERR009, as for an expired session
};

class HostileServer {
 public:
  // Listens on `address` (a loopback address: 127.0.0.1, 127.0.0.2, ...), on a free port.
  explicit HostileServer(Hostility hostility, std::string address = "127.0.0.1", std::string redirect_to = {});
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  std::uint16_t port() const { return port_; }
  // http://ADDRESS:PORT/MicroStrategyLibrary/api/
  std::string base_url() const;
  // Every byte received so far, requests one after the other.
  std::string received() const;
  int requests() const { return requests_.load(); }

 private:
  void accept_loop();
  void serve(int client);
  void answer(int client, const std::string& head);

  Hostility hostility_;
  std::string address_;
  std::string redirect_to_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  mutable std::mutex mutex_;
  std::string received_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace mstr::test
