#!/usr/bin/env python3
"""A loopback stand-in for Microsoft Entra ID's token endpoint, IMDS, the App Service identity endpoint
and an Azure Key Vault.

Usage: fake_azure.py CONFIG.json WORK_DIR [KEY_CACHE_DIR]

At start it makes a self-signed client certificate with its RSA key (the keys are generated, or with
KEY_CACHE_DIR reused from an earlier run, since key generation dominates a test's start-up) and writes into WORK_DIR:
client.pem (certificate and key, registered for the client), unregistered.pem (another certificate and key,
unknown to the tenant) and federated_token (the workload identity's token). Then it prints its base URL as
the first line of stdout. It exits by itself after 300 seconds.

Client assertions are verified with python3-jwt and python3-cryptography against the registered certificate,
independently of the code under test (signature, alg, x5t, aud, iss, sub, exp, nbf, jti). Every operation is
counted: GET /__admin/stats returns the counts, POST /__admin/revoke forgets every token issued so far,
POST /__admin/config merges a JSON object into the configuration, GET /__admin/issue?scope=S&source=X issues
a token the way the fake `az` of the tests needs one.

The vault's challenge names the resource `challenge_resource` (default http://127.0.0.1, the vault's own
host here) and accepts only tokens issued for that resource. A second vault, whose URL the stats give as
second_vault_url, serves the same secrets but challenges for `second_challenge_resource` (default
http://127.0.0.1/second-vault).

CONFIG keys (all optional):
  tenant, client_id, client_secret   the registered service principal (fake-tenant, fake-client-id, ...)
  token_lifetime       seconds, the expires_in of issued tokens (default 3600)
  token_fail_once      true: the first token-endpoint request answers 503
  challenge_resource   the resource= of the vault's challenge
  challenge_style      "resource" (authorization=, resource=) or "scope" (authorization_uri=, scope=)
  imds_identity        false: IMDS knows no identity for this host (answers 400)
  imds_client_id       the user-assigned identity's client id IMDS knows (any when unset)
  identity_header      the App Service X-IDENTITY-HEADER value (default fake-identity-header)
  app_service_dates    true: App Service writes expires_on as "MM/DD/YYYY hh:mm:ss PM +00:00"
  secrets              {NAME: {"value": TEXT, "versions": {VERSION: TEXT}, "enabled": bool, "no_value": bool}}
  errors               {NAME: {"status": 403, "code": "Forbidden", "message": M}}
  throttle_once        [NAME, ...]: the first authorised request answers 429
"""

import base64
import datetime
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def cached_private_key(cache_dir, name):
    """The key stored under `name` in `cache_dir`, generated and stored first when absent."""
    if not cache_dir:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = os.path.join(cache_dir, name)
    if os.path.exists(path):
        with open(path, "rb") as key_file:
            return serialization.load_pem_private_key(key_file.read(), password=None)
    os.makedirs(cache_dir, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Written aside and renamed, so a fake starting in parallel never reads half a key.
    partial = "%s.%d.tmp" % (path, os.getpid())
    with open(partial, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()))
    os.chmod(partial, 0o600)
    os.replace(partial, path)
    return key


def make_certificate(common_name, key):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.utcnow()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return cert, pem


def x5t(cert):
    digest = hashlib.sha1(cert.public_bytes(serialization.Encoding.DER)).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class State:
    def __init__(self, config, work_dir, key_cache_dir=None):
        self.config = config
        self.lock = threading.Lock()
        self.stats = {"token_secret": 0, "token_assertion": 0, "token_federated": 0, "token_rejected": 0,
                      "token_failed": 0, "imds": 0, "app_service": 0, "cli": 0, "secret_challenged": 0,
                      "secret_authorised": 0, "secret_rejected": 0, "secrets": {}, "scopes": [],
                      "last_imds_client_id": None, "last_app_service_client_id": None, "assertion_errors": []}
        self.tokens = {}
        self.serial = 0
        self.throttled = set()
        self.token_failed_once = False
        self.cert, pem = make_certificate("mstr-azure-test-client", cached_private_key(key_cache_dir, "client_key.pem"))
        with open(os.path.join(work_dir, "client.pem"), "wb") as out:
            out.write(pem)
        _, other = make_certificate("unregistered-client", cached_private_key(key_cache_dir, "unregistered_key.pem"))
        with open(os.path.join(work_dir, "unregistered.pem"), "wb") as out:
            out.write(other)
        self.federated_token = "eyJfederated." + base64.urlsafe_b64encode(os.urandom(24)).decode().rstrip("=")
        with open(os.path.join(work_dir, "federated_token"), "w") as out:
            out.write(self.federated_token + "\n")

    def get(self, key, default=None):
        with self.lock:
            return self.config.get(key, default)

    def count(self, key):
        with self.lock:
            self.stats[key] += 1

    def issue(self, source, resource):
        lifetime = int(self.get("token_lifetime", 3600))
        with self.lock:
            self.serial += 1
            token = "eyJfake.%s.%d.%s" % (source, self.serial, base64.urlsafe_b64encode(os.urandom(12)).decode())
            self.tokens[token] = resource.rstrip("/")
            self.stats["scopes"].append(resource)
        return token, lifetime

    def vault_resource(self, key, default):
        return self.get(key, default).rstrip("/")


def resource_of(scope):
    return scope[: -len("/.default")] if scope.endswith("/.default") else scope


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None
    base_url = None
    # The resource this port's vault challenges for, and accepts tokens of.
    resource_key = "challenge_resource"
    default_resource = "http://127.0.0.1"

    def vault_resource(self):
        return self.state.vault_resource(self.resource_key, self.default_resource)

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/__admin/stats":
            with self.state.lock:
                return self.reply(200, self.state.stats)
        if url.path == "/__admin/issue":
            self.state.count("cli")
            token, lifetime = self.state.issue(query.get("source", "cli"), resource_of(query["scope"]))
            return self.reply(200, {"token": token, "expires_on": int(time.time()) + lifetime})
        if url.path == "/metadata/identity/oauth2/token":
            return self.imds(query)
        if url.path == "/msi/token":
            return self.app_service(query)
        if url.path.startswith("/secrets/"):
            return self.secret(url.path[len("/secrets/"):].split("/"), query)
        self.reply(404, {"error": {"code": "NotFound", "message": "no such path " + url.path}})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        body = self.body()
        if url.path == "/__admin/revoke":
            with self.state.lock:
                self.state.tokens.clear()
            return self.reply(204)
        if url.path == "/__admin/config":
            with self.state.lock:
                self.state.config.update(json.loads(body))
            return self.reply(204)
        parts = url.path.strip("/").split("/")
        if len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"]:
            return self.token(parts[0], dict(urllib.parse.parse_qsl(body)))
        self.reply(404, {"error": "not_found"})

    # Entra ID
    def token_error(self, status, error, description):
        self.state.count("token_rejected")
        self.reply(status, {"error": error, "error_description": description, "error_codes": [0]})

    def token(self, tenant, form):
        state = self.state
        if state.get("token_fail_once") and not state.token_failed_once:
            state.token_failed_once = True
            state.count("token_failed")
            return self.reply(503, {"error": "temporarily_unavailable", "error_description": "try again"})
        if tenant != state.get("tenant", "fake-tenant"):
            return self.token_error(400, "invalid_request", "AADSTS90002: Tenant '%s' not found." % tenant)
        if form.get("grant_type") != "client_credentials":
            return self.token_error(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials")
        scope = form.get("scope", "")
        if not scope.endswith("/.default"):
            return self.token_error(400, "invalid_scope", "AADSTS1002012: scope must end in /.default")
        client_id = form.get("client_id")
        if client_id != state.get("client_id", "fake-client-id"):
            return self.token_error(400, "unauthorized_client",
                                    "AADSTS700016: Application with identifier '%s' was not found." % client_id)
        if "client_secret" in form:
            if form["client_secret"] != state.get("client_secret", "fake-client-secret"):
                return self.token_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
            state.count("token_secret")
            source = "secret"
        elif form.get("client_assertion_type") == ASSERTION_TYPE and "client_assertion" in form:
            assertion = form["client_assertion"]
            if assertion == state.federated_token:
                state.count("token_federated")
                source = "federated"
            else:
                problem = self.verify_assertion(assertion, tenant, client_id)
                if problem:
                    with state.lock:
                        state.stats["assertion_errors"].append(problem)
                    return self.token_error(401, "invalid_client", "AADSTS700027: " + problem)
                state.count("token_assertion")
                source = "certificate"
        else:
            return self.token_error(401, "invalid_client", "AADSTS7000218: client_secret or client_assertion required")
        token, lifetime = state.issue(source, resource_of(scope))
        self.reply(200, {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
                         "access_token": token})

    def verify_assertion(self, assertion, tenant, client_id):
        state = self.state
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError as error:
            return "not a JWT: %s" % error
        if header.get("alg") != "RS256":
            return "alg is %r, not RS256" % header.get("alg")
        if header.get("x5t") != x5t(state.cert):
            return "x5t does not match a registered certificate"
        audience = "%s/%s/oauth2/v2.0/token" % (self.base_url, tenant)
        try:
            claims = jwt.decode(assertion, state.cert.public_key(), algorithms=["RS256"], audience=audience,
                                issuer=client_id, options={"require": ["exp", "nbf", "iat", "aud", "iss", "sub", "jti"]})
        except jwt.PyJWTError as error:
            return "assertion rejected: %s" % error
        if claims.get("sub") != client_id:
            return "sub is not the client id"
        if claims["exp"] - time.time() > 3600:
            return "exp too far in the future"
        return None

    # Managed identity
    def imds(self, query):
        state = self.state
        state.count("imds")
        if self.headers.get("Metadata") != "true":
            return self.reply(400, {"error": "invalid_request", "error_description": "Required metadata header not specified"})
        if query.get("api-version") != "2018-02-01" or "resource" not in query:
            return self.reply(400, {"error": "invalid_request", "error_description": "bad api-version or no resource"})
        with state.lock:
            state.stats["last_imds_client_id"] = query.get("client_id")
        wanted = state.get("imds_client_id")
        if not state.get("imds_identity", True) or (wanted and query.get("client_id") not in (None, wanted)):
            return self.reply(400, {"error": "invalid_request", "error_description": "Identity not found"})
        token, lifetime = state.issue("imds", query["resource"])
        now = int(time.time())
        self.reply(200, {"access_token": token, "client_id": wanted or "system", "expires_in": str(lifetime),
                         "expires_on": str(now + lifetime), "ext_expires_in": str(lifetime), "not_before": str(now),
                         "resource": query["resource"], "token_type": "Bearer"})

    def app_service(self, query):
        state = self.state
        state.count("app_service")
        if self.headers.get("X-IDENTITY-HEADER") != state.get("identity_header", "fake-identity-header"):
            return self.reply(401, {"statusCode": 401, "message": "Unauthorized: X-IDENTITY-HEADER mismatch"})
        if query.get("api-version") != "2019-08-01" or "resource" not in query:
            return self.reply(400, {"statusCode": 400, "message": "bad api-version or no resource"})
        with state.lock:
            state.stats["last_app_service_client_id"] = query.get("client_id")
        token, lifetime = state.issue("appservice", query["resource"])
        expires = int(time.time()) + lifetime
        if state.get("app_service_dates"):
            expires_on = datetime.datetime.utcfromtimestamp(expires).strftime("%m/%d/%Y %I:%M:%S %p +00:00")
        else:
            expires_on = str(expires)
        self.reply(200, {"access_token": token, "expires_on": expires_on, "resource": query["resource"],
                         "token_type": "Bearer", "client_id": query.get("client_id", "system")})

    # Key Vault
    def challenge(self):
        tenant = self.state.get("tenant", "fake-tenant")
        resource = self.vault_resource()
        if self.state.get("challenge_style", "resource") == "scope":
            value = 'Bearer authorization_uri="%s/%s", scope="%s/.default"' % (Handler.base_url, tenant, resource)
        else:
            value = 'Bearer authorization="%s/%s", resource="%s"' % (Handler.base_url, tenant, resource)
        return [("WWW-Authenticate", value)]

    def secret(self, parts, query):
        state = self.state
        if query.get("api-version") != "7.4":
            return self.reply(400, {"error": {"code": "BadParameter", "message": "api-version 7.4 expected"}})
        auth = self.headers.get("Authorization")
        if not auth:
            state.count("secret_challenged")
            return self.reply(401, {"error": {"code": "Unauthorized", "message": "AKV10000: Request is missing a Bearer or PoP token."}},
                              self.challenge())
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        with state.lock:
            audience = state.tokens.get(token)
        if audience != self.vault_resource():
            state.count("secret_rejected")
            return self.reply(401, {"error": {"code": "Unauthorized", "message": "AKV10022: Invalid audience or token."}},
                              self.challenge())
        state.count("secret_authorised")
        name = parts[0]
        version = parts[1] if len(parts) > 1 else ""
        with state.lock:
            state.stats["secrets"][name] = state.stats["secrets"].get(name, 0) + 1
            throttle = name in state.config.get("throttle_once", []) and name not in state.throttled
            if throttle:
                state.throttled.add(name)
        if throttle:
            return self.reply(429, {"error": {"code": "Throttled", "message": "Too many requests"}}, [("Retry-After", "0")])
        error = state.get("errors", {}).get(name)
        if error:
            return self.reply(error["status"], {"error": {"code": error["code"], "message": error["message"]}})
        secret = state.get("secrets", {}).get(name)
        if secret is None or (version and version not in secret.get("versions", {})):
            return self.reply(404, {"error": {"code": "SecretNotFound",
                                              "message": "A secret with (name/id) %s was not found in this key vault." % name}})
        if not secret.get("enabled", True):
            return self.reply(403, {"error": {"code": "Forbidden", "message": "Operation get is not allowed on a disabled secret.",
                                              "innererror": {"code": "SecretDisabled"}}})
        version = version or "0123456789abcdef0123456789abcdef"
        body = {"id": "%s/secrets/%s/%s" % (self.base_url, name, version),
                "attributes": {"enabled": True, "created": 1700000000, "updated": 1700000000}}
        if not secret.get("no_value"):
            body["value"] = secret.get("versions", {}).get(version, secret.get("value"))
        self.reply(200, body)


class SecondVault(Handler):
    """A second vault on its own port, in the same tenant, challenging for another resource of the same host,
    so that one client needs two scopes and two tokens."""
    resource_key = "second_challenge_resource"
    default_resource = "http://127.0.0.1/second-vault"


def main():
    with open(sys.argv[1]) as stream:
        config = json.load(stream)
    Handler.state = State(config, sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Handler.base_url = "http://127.0.0.1:%d" % server.server_address[1]
    second = ThreadingHTTPServer(("127.0.0.1", 0), SecondVault)
    second.daemon_threads = True
    SecondVault.base_url = "http://127.0.0.1:%d" % second.server_address[1]
    Handler.state.stats["second_vault_url"] = SecondVault.base_url
    threading.Thread(target=second.serve_forever, daemon=True).start()
    print(Handler.base_url, flush=True)
    # A test that dies without stopping the fake must not leave it running.
    threading.Timer(300, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
