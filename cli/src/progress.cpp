#include "progress.hpp"

#include <unistd.h>

#include <mutex>

namespace mstr::cli {
namespace {

using Clock = std::chrono::steady_clock;

// At most this often; a line redrawn for every page would flicker and cost the read time.
constexpr std::chrono::milliseconds kRedrawEvery{200};

// One terminal, one line: whichever ProgressLine drew last owns it.
std::mutex line_mutex;
bool line_shown = false;
bool lines_stopped = false;  // an interrupt is ending the command: draw no more

void write_all(const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t count = ::write(STDERR_FILENO, text.data() + sent, text.size() - sent);
    if (count <= 0) return;  // a terminal that went away: nothing more to show
    sent += static_cast<std::size_t>(count);
  }
}

// Carriage return, then erase to the end of the line (ECMA-48 EL).
constexpr const char* kErase = "\r\x1b[K";

}  // namespace

std::string format_duration(std::chrono::seconds duration) {
  const long long total = duration.count() < 0 ? 0 : duration.count();
  const long long hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60;
  std::string text = hours > 0 ? std::to_string(hours) + ":" + (minutes < 10 ? "0" : "") + std::to_string(minutes)
                               : std::to_string(minutes);
  return text + ":" + (seconds < 10 ? "0" : "") + std::to_string(seconds);
}

ProgressLine::ProgressLine(std::string unit)
    : unit_(std::move(unit)), enabled_(::isatty(STDERR_FILENO) != 0), started_(Clock::now()) {}

ProgressLine::~ProgressLine() { erase_progress_line(); }

void ProgressLine::update(std::size_t done, std::optional<std::size_t> total) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - last_draw_ < kRedrawEvery) return;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  std::string line;
  if (total && *total > 0) {
    const auto percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(*total));
    line = (percent < 10 ? "  " : percent < 100 ? " " : "") + std::to_string(percent) + "%  " + std::to_string(done) +
           " of " + std::to_string(*total) + " " + unit_;
  } else {
    line = std::to_string(done) + " " + unit_;
  }
  if (elapsed >= 0.5 && rate > 0) {
    line += "  " + std::to_string(static_cast<long long>(rate)) + " " + unit_ + "/s";
    if (total && *total > done) {
      const auto left = std::chrono::seconds(static_cast<long long>(static_cast<double>(*total - done) / rate + 0.5));
      line += "  " + format_duration(left) + " left";
    }
  }
  draw(line, false);
}

void ProgressLine::status(const std::string& text) {
  if (!enabled_) return;
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_);
  draw(text + "  " + format_duration(elapsed), true);
}

void ProgressLine::draw(const std::string& line, bool force) {
  const auto now = Clock::now();
  if (!force && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  std::lock_guard lock(line_mutex);
  if (lines_stopped) return;
  write_all(kErase + line);
  line_shown = true;
}

void erase_progress_line() {
  std::lock_guard lock(line_mutex);
  if (!line_shown) return;
  write_all(kErase);
  line_shown = false;
}

void stop_progress_lines() {
  std::lock_guard lock(line_mutex);
  lines_stopped = true;
  if (line_shown) write_all(kErase);
  line_shown = false;
}

}  // namespace mstr::cli
