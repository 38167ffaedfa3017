// <mstr/logging.hpp>: levels of the "mstr" loggers and the MSTR_LOG_LEVEL set-up.
#include <mstr/logging.hpp>
#include <mstr/sdk/errors.hpp>

#include "logging/default_logging.hpp"

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <catch2/catch.hpp>

namespace {

// Puts the "mstr" level back after a test.
struct RestoreLevel {
  int saved = Poco::Logger::get("mstr").getLevel();
  ~RestoreLevel() { Poco::Logger::setLevel("mstr", saved); }
};

}  // namespace

TEST_CASE("log level names parse in any case and print back", "[logging]") {
  CHECK(mstr::parse_log_level("DEBUG") == mstr::LogThreshold::debug);
  CHECK(mstr::parse_log_level("info") == mstr::LogThreshold::information);
  CHECK(mstr::parse_log_level("Warn") == mstr::LogThreshold::warning);
  CHECK(mstr::parse_log_level("off") == mstr::LogThreshold::off);
  CHECK(mstr::parse_log_level("trace") == mstr::LogThreshold::trace);
  CHECK_FALSE(mstr::parse_log_level("verbose").has_value());
  CHECK_FALSE(mstr::parse_log_level("").has_value());
  CHECK(mstr::to_string(mstr::LogThreshold::information) == "information");
  CHECK(mstr::to_string(mstr::LogThreshold::critical) == "critical");
}

TEST_CASE("set_log_level and set_debug reach existing and later mstr loggers only", "[logging]") {
  RestoreLevel restore;
  Poco::Logger& existing = Poco::Logger::get("mstr.session");
  Poco::Logger& other = Poco::Logger::get("mstrother");
  const int other_level = other.getLevel();

  mstr::set_log_level(mstr::LogThreshold::error);
  CHECK(existing.getLevel() == Poco::Message::PRIO_ERROR);
  CHECK(mstr::log_level() == mstr::LogThreshold::error);
  mstr::set_debug(true);
  CHECK(existing.getLevel() == Poco::Message::PRIO_DEBUG);
  CHECK(Poco::Logger::get("mstr.logging-test.created-later").getLevel() == Poco::Message::PRIO_DEBUG);
  CHECK(mstr::log_level() == mstr::LogThreshold::debug);
  mstr::set_debug(false);
  CHECK(mstr::log_level() == mstr::LogThreshold::warning);
  mstr::set_log_level(mstr::LogThreshold::off);
  CHECK(mstr::log_level() == mstr::LogThreshold::off);
  CHECK_FALSE(existing.fatal());
  CHECK(other.getLevel() == other_level);
}

TEST_CASE("an MSTR_LOG_LEVEL the SDK does not know is a clear error, and a caller's level wins", "[logging]") {
  RestoreLevel restore;
  CHECK_THROWS_WITH(mstr::internal::apply_log_level_setting(std::string("loud")),
                    Catch::Contains("MSTR_LOG_LEVEL") && Catch::Contains("'loud'") && Catch::Contains("debug"));
  mstr::set_log_level(mstr::LogThreshold::notice);
  mstr::internal::apply_log_level_setting(std::string("trace"));
  CHECK(mstr::log_level() == mstr::LogThreshold::notice);
  mstr::internal::apply_log_level_setting(std::nullopt);
  CHECK(mstr::log_level() == mstr::LogThreshold::notice);
}
