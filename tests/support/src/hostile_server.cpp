#include <test_support/hostile_server.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace mstr::test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto stream_limit = std::chrono::seconds(8);  // no answer streams for longer

bool send_all(int socket, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    pollfd entry{socket, POLLOUT, 0};
    if (::poll(&entry, 1, 1000) <= 0) return false;
    const ssize_t n = ::send(socket, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::size_t content_length(const std::string& head) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
}

}  // namespace

HostileServer::HostileServer(Hostility hostility, std::string address, std::string redirect_to)
    : hostility_(hostility), address_(std::move(address)), redirect_to_(std::move(redirect_to)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) throw std::runtime_error("hostile server: no socket");
  const int on = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in where{};
  where.sin_family = AF_INET;
  if (::inet_pton(AF_INET, address_.c_str(), &where.sin_addr) != 1 ||
      (ntohl(where.sin_addr.s_addr) >> 24) != 127) {
    ::close(listener_);
    throw std::runtime_error("hostile server: " + address_ + " is not a loopback address");
  }
  socklen_t length = sizeof where;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&where), length) != 0 || ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&where), &length) != 0) {
    ::close(listener_);
    throw std::runtime_error("hostile server: cannot listen on " + address_);
  }
  port_ = ntohs(where.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

HostileServer::~HostileServer() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& worker : workers_) worker.join();
  ::close(listener_);
}

std::string HostileServer::base_url() const {
  return "http://" + address_ + ":" + std::to_string(port_) + "/MicroStrategyLibrary/api/";
}

std::string HostileServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void HostileServer::accept_loop() {
  while (!stopping_) {
    pollfd entry{listener_, POLLIN, 0};
    if (::poll(&entry, 1, 50) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    workers_.emplace_back([this, client] {
      serve(client);
      ::close(client);
    });
  }
}

void HostileServer::serve(int client) {
  std::string pending;
  const auto give_up = Clock::now() + stream_limit;
  while (!stopping_ && Clock::now() < give_up) {
    // One request: the head, then as many body bytes as it announces.
    std::size_t head_end = std::string::npos;
    char buffer[4096];
    while ((head_end = pending.find("\r\n\r\n")) == std::string::npos) {
      pollfd entry{client, POLLIN, 0};
      if (stopping_ || Clock::now() >= give_up || pending.size() > 65536) return;
      if (::poll(&entry, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      pending.append(buffer, static_cast<std::size_t>(n));
      std::lock_guard lock(mutex_);
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = pending.substr(0, head_end + 4);
    const std::size_t body = std::min<std::size_t>(content_length(head), 1 << 20);
    while (pending.size() < head.size() + body) {
      pollfd entry{client, POLLIN, 0};
      if (stopping_ || Clock::now() >= give_up) return;
      if (::poll(&entry, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      pending.append(buffer, static_cast<std::size_t>(n));
      std::lock_guard lock(mutex_);
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    pending.erase(0, head.size() + body);
    ++requests_;
    answer(client, head);
    if (hostility_ != Hostility::login_accepted && hostility_ != Hostility::session_expired &&
        hostility_ != Hostility::redirect && hostility_ != Hostility::invalid_utf8_error) {
      return;  // the streaming answers end the connection
    }
  }
}

void HostileServer::answer(int client, const std::string& head) {
  const auto give_up = Clock::now() + stream_limit;
  const std::string filler(64 * 1024, 'x');
  // Sends `head`, then `piece` again and again until the client stops reading or the limit passes.
  const auto stream = [&](const std::string& head, const std::string& piece) {
    if (!send_all(client, head)) return;
    while (!stopping_ && Clock::now() < give_up && send_all(client, piece)) {
    }
  };
  switch (hostility_) {
    case Hostility::oversized_length:
      stream("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n",
             filler);
      return;
    case Hostility::endless_chunked: {
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", filler.size());
      stream("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
             size + filler + "\r\n");
      return;
    }
    case Hostility::endless_close_delimited:
      stream("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", filler);
      return;
    case Hostility::slow_headers: {
      if (!send_all(client, "HTTP/1.1 200 OK\r\n")) return;
      const std::string header = "X-Slow: " + std::string(1000, 'a');
      for (const char c : header) {
        if (stopping_ || Clock::now() >= give_up || !send_all(client, std::string(1, c))) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      return;
    }
    case Hostility::redirect: {
      if (head.rfind("POST ", 0) == 0 && head.find("/auth/login ") != std::string::npos) {
        send_all(client, "HTTP/1.1 204 No Content\r\nX-MSTR-AuthToken: hostile-token\r\n\r\n");
        return;
      }
      const std::string body = R"({"moved":true})";
      send_all(client, "HTTP/1.1 302 Found\r\nLocation: " + redirect_to_ +
                           "\r\nContent-Type: application/json\r\n"
                           "Content-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
      return;
    }
    case Hostility::invalid_utf8_error: {
      const std::string body =
          "{\"code\":\"ERR006\",\"message\":\"bad \xff\xfe input \x1b[2J\x1b]0;owned\x07 done\"}";
      send_all(client, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
      return;
    }
    case Hostility::session_expired:
    case Hostility::login_accepted: {
      if (head.rfind("POST ", 0) == 0 && head.find("/auth/login ") != std::string::npos) {
        send_all(client,
                 "HTTP/1.1 204 No Content\r\nX-MSTR-AuthToken: hostile-token\r\n"
                 "Set-Cookie: JSESSIONID=hostile; Path=/\r\n\r\n");
        return;
      }
      if (hostility_ == Hostility::session_expired) {
        const std::string body =
            R"({"code":"ERR009","message":"The user's session has expired, please reauthenticate"})";
        send_all(client, "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
        return;
      }
      send_all(client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      return;
    }
  }
}

}  // namespace mstr::test
