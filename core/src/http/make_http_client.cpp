#include <mstr/http.hpp>

#include "http/pooled_http_client.hpp"

namespace mstr {

std::shared_ptr<IHttpClient> make_http_client(const SessionOptions& options) {
  return std::make_shared<internal::PooledHttpClient>(options);
}

}  // namespace mstr
