// Google credentials files are edited by people and written by tools; an external_account file
// nests a credential source, an impersonated_service_account file a whole other credentials file,
// and the answers of subject-token URLs and IAM Credentials come from services. Every input goes
// through the file reader, the subject-token reader and the expireTime reader; none may crash or
// throw anything but CredentialError.

#include "credentials_file.hpp"
#include "fuzz_input.hpp"
#include "iam_credentials.hpp"
#include "subject_token.hpp"

#include <plugin_common/expiry_clamp.hpp>

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr::internal::gcp;
  const std::string body(mstr::fuzz::as_text(data, size));

  try {
    const CredentialsFile file = parse_credentials_file(body, "/fuzz/credentials.json", "fuzz");
    mstr::fuzz::require(file.credential != nullptr, "a parsed file has a credential");
    (void)file.credential->description();
  } catch (const mstr::CredentialError&) {
  }

  SubjectTokenSource json;
  json.json_field = "id_token";
  for (const SubjectTokenSource& source : {SubjectTokenSource{}, json}) {
    try {
      mstr::fuzz::require(!parse_subject_token(body, source, "fuzz").empty(), "a subject token is not empty");
    } catch (const mstr::CredentialError&) {
    }
  }

  if (const auto expiry = mstr::internal::common::expiry_at_rfc3339(body)) {
    mstr::fuzz::require(expiry->time_since_epoch() >= std::chrono::seconds{0} &&
                            expiry->time_since_epoch() <= mstr::internal::common::kLatestExpiry,
                        "an expireTime is clamped");
  }
  return 0;
}
