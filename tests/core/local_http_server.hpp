#pragma once
// A scripted HTTP/1.1 server on 127.0.0.1 for transport behaviour the mock Library server does not
// offer on purpose: connections closed between requests, truncated bodies, proxy requests.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>

namespace mstr::test {

struct ReceivedRequest {
  std::string method;
  std::string target;  // as on the request line
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;
};

// What the server does with one request, given its index on the connection (0 for the first).
enum class Reply { answer, answer_then_close, close_without_answer, answer_truncated, answer_html_error };

class LocalHttpServer {
 public:
  using Script = std::function<Reply(const ReceivedRequest& request, int index_on_connection)>;

  explicit LocalHttpServer(Script script);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // http://127.0.0.1:PORT/MicroStrategyLibrary/api/
  int connections() const { return connections_.load(); }
  std::vector<ReceivedRequest> requests() const;

 private:
  void serve();
  void serve_connection(Poco::Net::StreamSocket socket);

  Script script_;
  Poco::Net::ServerSocket listener_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace mstr::test
