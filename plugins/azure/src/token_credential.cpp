#include "token_credential.hpp"

namespace mstr::internal::azure {

std::string scope_to_resource(const std::string& scope) {
  static const std::string suffix = "/.default";
  if (scope.size() > suffix.size() && scope.compare(scope.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return scope.substr(0, scope.size() - suffix.size());
  }
  return scope;
}

}  // namespace mstr::internal::azure
