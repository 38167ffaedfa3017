#include "local_http_server.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <memory>
#include <sstream>

namespace mstr::test {
namespace {

// Reads one request head (and a Content-Length body); false when the peer closed or stalled.
bool read_request(Poco::Net::StreamSocket& socket, std::string& buffer, ReceivedRequest& request) {
  for (int reads = 0; buffer.find("\r\n\r\n") == std::string::npos; ++reads) {
    if (reads > 1000) return false;
    char chunk[4096];
    int received = 0;
    try {
      received = socket.receiveBytes(chunk, sizeof chunk);
    } catch (const Poco::Exception&) {
      return false;
    }
    if (received <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(received));
  }
  const auto head_end = buffer.find("\r\n\r\n");
  std::istringstream head(buffer.substr(0, head_end));
  buffer.erase(0, head_end + 4);
  std::string line;
  std::getline(head, line);
  std::istringstream request_line(line);
  request_line >> request.method >> request.target;
  std::size_t content_length = 0;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::string value = Poco::trim(line.substr(colon + 1));
    if (Poco::icompare(name, "Content-Length") == 0) content_length = std::stoul(value);
    request.headers.emplace_back(std::move(name), std::move(value));
  }
  while (buffer.size() < content_length) {
    char chunk[4096];
    const int received = socket.receiveBytes(chunk, sizeof chunk);
    if (received <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(received));
  }
  buffer.erase(0, content_length);
  return true;
}

void send_all(Poco::Net::StreamSocket& socket, const std::string& data) {
  socket.sendBytes(data.data(), static_cast<int>(data.size()));
}

}  // namespace

std::string ReceivedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return value;
  }
  return {};
}

LocalHttpServer::LocalHttpServer(Script script)
    : script_(std::move(script)), listener_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
  acceptor_ = std::thread([this] { serve(); });
}

LocalHttpServer::~LocalHttpServer() {
  stopping_ = true;
  acceptor_.join();
  for (auto& worker : workers_) worker.join();
}

std::uint16_t LocalHttpServer::port() const { return listener_.address().port(); }

std::string LocalHttpServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/MicroStrategyLibrary/api/";
}

std::vector<ReceivedRequest> LocalHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void LocalHttpServer::serve() {
  while (!stopping_) {
    if (!listener_.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) continue;
    // The socket is handed over whole: were a copy to stay here, its reference count (kept inside
    // POCO, which ThreadSanitizer does not see) would be released on this thread while the worker
    // uses the socket.
    auto socket = std::make_unique<Poco::Net::StreamSocket>(listener_.acceptConnection());
    ++connections_;
    workers_.emplace_back([this, socket = std::move(socket)]() { serve_connection(*socket); });
  }
}

void LocalHttpServer::serve_connection(Poco::Net::StreamSocket socket) {
  socket.setReceiveTimeout(Poco::Timespan(0, 100000));
  socket.setNoDelay(true);
  std::string buffer;
  for (int index = 0; !stopping_; ++index) {
    ReceivedRequest request;
    bool got = false;
    // Bounded wait for the next request on this keep-alive connection.
    for (int tries = 0; tries < 50 && !stopping_ && !got; ++tries) {
      try {
        if (!socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
      } catch (const Poco::Exception&) {
        return;
      }
      got = read_request(socket, buffer, request);
      if (!got) return;
    }
    if (!got) return;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    const Reply reply = script_(request, index);
    try {
      switch (reply) {
        case Reply::close_without_answer:
          socket.close();
          return;
        case Reply::answer:
        case Reply::answer_then_close:
          send_all(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                           "Set-Cookie: visit=" + std::to_string(index) + "; Path=/\r\n\r\n{\"ok\":true}");
          if (reply == Reply::answer_then_close) {
            socket.close();
            return;
          }
          break;
        case Reply::answer_truncated:
          send_all(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":");
          socket.close();
          return;
        case Reply::answer_html_error:
          send_all(socket, "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 38\r\n\r\n"
                           "<html><body>Bad Gateway</body></html>\n");
          break;
      }
    } catch (const Poco::Exception&) {
      return;
    }
  }
}

}  // namespace mstr::test
