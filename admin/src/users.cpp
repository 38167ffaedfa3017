#include <mstr/admin/users.hpp>

#include <mstr/credential_resolver.hpp>
#include <mstr/errors.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/environment.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

struct Users::Impl {
  Session& session;
  CredentialResolver* resolver;
  // Made the first time a password reference needs resolving without a resolver given.
  std::shared_ptr<PluginRegistry> plugins;
  ProcessEnvironment environment;
  std::unique_ptr<CredentialResolver> own_resolver;

  std::string resolve(const Credential& credential) {
    if (resolver == nullptr) {
      if (!own_resolver) {
        plugins = PluginRegistry::discover();
        own_resolver = std::make_unique<CredentialResolver>(plugins, session.http_client(), environment);
      }
      resolver = own_resolver.get();
    }
    return std::string(credential.resolve(*resolver).reveal());
  }

  Response patch(std::string_view id, const std::vector<Operation>& operations) {
    RequestOptions options = configuration_scope();
    options.json = operation_list(operations);
    return send(session, "PATCH", "users/" + std::string(id), options, "PATCH users/{id}");
  }
};

Users::Users(Session& session, CredentialResolver* resolver)
    : impl_(std::make_unique<Impl>(Impl{session, resolver, nullptr, {}, nullptr})) {}
Users::~Users() = default;
Users::Users(Users&&) noexcept = default;

namespace {

std::vector<TrusteeRef> trustees_of(const Poco::JSON::Array::Ptr& array) {
  std::vector<TrusteeRef> refs;
  for (std::size_t i = 0; array && i < array->size(); ++i) {
    auto item = array->getObject(i);
    if (!item) continue;
    const long long subtype = item->has("subtype") ? number(item, "subtype") : number(item, "subType");
    refs.push_back({text(item, "id"), text(item, "name"), static_cast<int>(subtype)});
  }
  return refs;
}

}  // namespace

User Users::from_json(const Poco::JSON::Object::Ptr& object) {
  User user;
  user.id = text(object, "id");
  user.username = object->has("username") ? text(object, "username") : text(object, "abbreviation");
  user.full_name = object->has("fullName") ? text(object, "fullName") : text(object, "name");
  user.description = text(object, "description");
  user.enabled = flag(object, "enabled", true);
  user.memberships = trustees_of(object->getArray("memberships"));
  user.raw = object;
  return user;
}

Paged<User> Users::list(UserFilter filter) {
  Session* session = &impl_->session;
  auto fetch = [session, filter](std::int64_t offset, std::int64_t limit) {
    RequestOptions options = configuration_scope();
    if (filter.name_begins) options.params.emplace_back("nameBegins", *filter.name_begins);
    if (filter.abbreviation_begins) options.params.emplace_back("abbreviationBegins", *filter.abbreviation_begins);
    options.params.emplace_back("offset", std::to_string(offset));
    options.params.emplace_back("limit", std::to_string(limit));
    const Response response = send(*session, "GET", "users", options, "GET users");
    Page<User> page;
    page.total = total_count(response);
    auto array = array_of(response);
    for (std::size_t i = 0; i < array->size(); ++i) page.items.push_back(from_json(array->getObject(i)));
    return page;
  };
  return Paged<User>(fetch, filter.page_size, filter.limit);
}

User Users::get(std::string_view id) {
  const Response response =
      send(impl_->session, "GET", "users/" + std::string(id), configuration_scope(), "GET users/{id}");
  return from_json(object_of(response));
}

std::optional<User> Users::find_by_username(std::string_view username) {
  UserFilter filter;
  filter.abbreviation_begins = std::string(username);
  // Logins that merely start with this one (jdoe2 for jdoe) come too; small pages keep the look-up
  // cheap when there are many.
  filter.page_size = 100;
  for (const auto& user : list(filter)) {
    if (equals_ignoring_case(user.username, username)) return user;
  }
  return std::nullopt;
}

User Users::create(const NewUser& user) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("username", user.username);
  body->set("fullName", user.full_name);
  if (!user.description.empty()) body->set("description", user.description);
  if (user.password) body->set("password", impl_->resolve(*user.password));
  body->set("enabled", user.enabled);
  if (!user.groups.empty()) body->set("memberships", id_array(user.groups));
  RequestOptions options = configuration_scope();
  options.json = body;
  try {
    return from_json(object_of(send(impl_->session, "POST", "users", options, "POST users")));
  } catch (const TransportError&) {
    // The request may have been acted on before the answer was lost: look before sending it again.
    if (auto found = find_by_username(user.username)) return get(found->id);
    return from_json(object_of(send(impl_->session, "POST", "users", options, "POST users")));
  }
}

User Users::update(std::string_view id, const UserChanges& changes) {
  if (changes.empty()) return get(id);
  std::vector<Operation> operations;
  if (changes.full_name) operations.push_back({"replace", "/fullName", *changes.full_name});
  if (changes.description) operations.push_back({"replace", "/description", *changes.description});
  if (changes.enabled) operations.push_back({"replace", "/enabled", *changes.enabled});
  if (changes.password) operations.push_back({"replace", "/password", impl_->resolve(*changes.password)});
  return from_json(object_of(impl_->patch(id, operations)));
}

void Users::remove(std::string_view id) {
  send(impl_->session, "DELETE", "users/" + std::string(id), configuration_scope(), "DELETE users/{id}");
}

std::vector<TrusteeRef> Users::memberships(std::string_view id) {
  const Response response = send(impl_->session, "GET", "users/" + std::string(id) + "/memberships",
                                 configuration_scope(), "GET users/{id}/memberships");
  return trustees_of(array_member(response, "memberships"));
}

void Users::add_memberships(std::string_view id, const std::vector<std::string>& group_ids) {
  if (group_ids.empty()) return;
  impl_->patch(id, {{"add", "/memberships", id_array(group_ids)}});
}

void Users::remove_memberships(std::string_view id, const std::vector<std::string>& group_ids) {
  if (group_ids.empty()) return;
  impl_->patch(id, {{"remove", "/memberships", id_array(group_ids)}});
}

}  // namespace mstr::admin
