#pragma once
// A progress line for a person at a terminal: on standard error, only when standard error is a
// terminal, redrawn in place at most five times a second, and erased before anything else is
// written to the terminal (erase_progress_line(): the command's output, an error, an interrupt's
// message) and when the command ends. Nothing of it reaches a pipe or a file.
//
//   ProgressLine progress("rows");
//   progress.update(done, total);  // " 45%  45000 of 100000 rows  120000 rows/s  0:01 left"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace mstr::cli {

class ProgressLine {
 public:
  // `unit` names what is counted ("rows").
  explicit ProgressLine(std::string unit);
  // Erases the line.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // `done` of `total` (unknown: nullopt): percentage, count, rate and time left.
  void update(std::size_t done, std::optional<std::size_t> total);
  // A state instead of counts ("cube ... PROCESSING, READY"), with the time since the start.
  void status(const std::string& text);

  bool enabled() const noexcept { return enabled_; }

 private:
  void draw(const std::string& line, bool force);

  std::string unit_;
  bool enabled_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
};

// Erases the progress line if one is shown; the next update draws it again. Safe from any thread.
void erase_progress_line();

// Erases the line and keeps any from being drawn again: an interrupt ending the command calls it
// before its clean-up, while the main thread may still be reading.
void stop_progress_lines();

// "1:05" (minutes and seconds) or "2:03:07".
std::string format_duration(std::chrono::seconds duration);

}  // namespace mstr::cli
