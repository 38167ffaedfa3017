// A persisted session document is read from a file another process (or another person) wrote. A bad
// one must be refused with SessionException, and one that loads must survive a round trip.

#include "fuzz_input.hpp"

#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <Poco/Logger.h>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Loading logs nothing worth reading here, and console output slows the fuzzer down.
  Poco::Logger::root().setLevel(Poco::Message::PRIO_FATAL);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document = mstr::fuzz::as_text(data, size);
  std::string saved;
  try {
    saved = mstr::Session::from_json(document).to_json();
  } catch (const mstr::SessionException&) {
    return 0;
  }
  const std::string again = mstr::Session::from_json(saved).to_json();
  mstr::fuzz::require(again == saved, "a saved session loads and saves to the same document");
  return 0;
}
