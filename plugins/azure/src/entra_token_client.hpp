#pragma once
// Microsoft Entra ID's v2.0 token endpoint: the client-credentials grants that the client secret,
// client certificate and workload identity credentials all end in.

#include "token_credential.hpp"

#include <plugin_common/token_endpoint.hpp>

#include <string>

namespace mstr::internal::azure {

// AZURE_AUTHORITY_HOST (https://login.microsoftonline.com unless set, sovereign clouds differ), without
// a trailing slash. Throws ConfigurationError for plain http:// to a remote host.
std::string authority_host(const IEnvironment& env);

// {authority}/{tenant}/oauth2/v2.0/token. Throws CredentialError for a tenant that is not a plain
// name or GUID, since it becomes part of the URL path.
std::string token_endpoint(const IEnvironment& env, const std::string& tenant);

// POSTs a client-credentials grant (`fields` without grant_type and scope, which are added) and
// reads the token through the shared token endpoint helper: retries throttling and server errors; an
// error answer becomes a CredentialError naming `what`, the tenant's endpoint and Entra's error code
// and description.
AccessToken request_client_credentials_token(const TokenRequestContext& context, const std::string& endpoint,
                                             const std::string& scope, FormFields fields, const std::string& what);

}  // namespace mstr::internal::azure
