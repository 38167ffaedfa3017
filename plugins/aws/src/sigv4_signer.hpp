#pragma once
// AWS Signature Version 4 for one service in one region.

#include "aws_credentials.hpp"

#include <mstr/sdk/http_client.hpp>

#include <string>
#include <string_view>

namespace mstr::internal::aws {

class SigV4Signer {
 public:
  SigV4Signer(std::string service, std::string region);

  // Some services want X-Amz-Security-Token left out of the signature and added afterwards; the
  // ones this plugin talks to accept it signed, which is the default.
  void set_sign_session_token(bool sign) { sign_session_token_ = sign; }

  // Adds Host, X-Amz-Date (from `now`) and X-Amz-Security-Token (for temporary credentials) unless
  // the request already carries them, then Authorization. Every header present at this point is
  // signed, so the transport must not rewrite them.
  void sign(HttpRequest& request, const AwsCredentials& credentials, Clock::time_point now) const;

  // The steps of sign(), exposed for the official test suite. `amz_date` is "YYYYMMDDTHHMMSSZ".
  std::string canonical_request(const HttpRequest& request) const;
  std::string string_to_sign(std::string_view amz_date, std::string_view canonical_request) const;
  std::string signature(const SecretValue& secret_access_key, std::string_view amz_date,
                        std::string_view string_to_sign) const;
  std::string credential_scope(std::string_view amz_date) const;

  static std::string format_amz_date(Clock::time_point when);

 private:
  std::string service_;
  std::string region_;
  bool sign_session_token_ = true;
};

}  // namespace mstr::internal::aws
