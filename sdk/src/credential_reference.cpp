#include <mstr/sdk/credential_reference.hpp>

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <cctype>
#include <utility>

namespace mstr {
namespace {

bool valid_scheme(std::string_view scheme) noexcept {
  if (scheme.empty() || !std::islower(static_cast<unsigned char>(scheme.front()))) return false;
  for (char c : scheme) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '+' || c == '.' || c == '-')) return false;
  }
  return true;
}

// A query key or value: '+' is a space, as in a form.
std::string decode(std::string_view text) {
  auto decoded = form_decode(text);
  if (!decoded) throw CredentialError("credential reference has a malformed percent-encoding in its query");
  return std::move(*decoded);
}

}  // namespace

bool CredentialReference::looks_like_reference(std::string_view text) noexcept {
  const auto colon = text.find(':');
  return colon != std::string_view::npos && valid_scheme(text.substr(0, colon));
}

CredentialReference CredentialReference::parse(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !valid_scheme(text.substr(0, colon))) {
    // The text itself stays out of the message: it may be a password typed where a reference belongs.
    throw CredentialError("not a credential reference: expected scheme:locator[#field], e.g. env:MSTR_PASSWORD");
  }
  std::string scheme(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 1);
  std::optional<std::string> field;
  // Field names never contain '#', locators may (a file name), so the last '#' starts the field.
  if (const auto hash = rest.rfind('#'); hash != std::string_view::npos) {
    if (hash + 1 == rest.size()) {
      throw CredentialError("credential reference '" + scheme + ":...' has an empty #field");
    }
    field = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  return CredentialReference(std::move(scheme), std::string(rest), std::move(field));
}

CredentialReference::CredentialReference(std::string scheme, std::string locator, std::optional<std::string> field)
    : scheme_(std::move(scheme)), locator_(std::move(locator)), field_(std::move(field)) {}

std::string CredentialReference::path() const { return locator_.substr(0, locator_.find('?')); }

std::map<std::string, std::string> CredentialReference::query() const {
  std::map<std::string, std::string> result;
  const auto question = locator_.find('?');
  if (question == std::string::npos) return result;
  std::string_view query = std::string_view(locator_).substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw CredentialError("credential reference '" + scheme_ + ":...' has a malformed query: expected key=value");
    }
    std::string key = decode(pair.substr(0, eq));
    if (result.count(key) != 0) {
      throw CredentialError("credential reference '" + scheme_ + ":...' repeats the query key '" + key + "'");
    }
    result.emplace(std::move(key), decode(pair.substr(eq + 1)));
  }
  return result;
}

CredentialReference CredentialReference::without_field() const { return CredentialReference(scheme_, locator_); }

std::string CredentialReference::to_string() const {
  std::string text = scheme_ + ":" + locator_;
  if (field_) text += "#" + *field_;
  return text;
}

}  // namespace mstr
