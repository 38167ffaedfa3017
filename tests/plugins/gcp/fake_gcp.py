#!/usr/bin/env python3
"""A loopback stand-in for Google's OAuth token endpoint, STS, IAM Credentials, the GCE metadata server and Secret Manager.

Usage: fake_gcp.py CONFIG.json CREDENTIALS_DIR [KEY_CACHE_DIR] [--max-seconds N]

At start it generates RSA keys (or, with KEY_CACHE_DIR, reuses the ones an earlier run generated there,
because key generation dominates the start-up time of a test) and writes credentials files into CREDENTIALS_DIR (service_account.json,
service_account_wrong_key.json, authorized_user.json, authorized_user_bad_secret.json), each pointing its
token_uri at this server, then prints its base URL as the first line of stdout. It exits after
--max-seconds (default 300) whatever happens, so a test that dies cannot leave it running.

It also writes subject_token.txt and subject_token.json ({"id_token": ...}) for workload identity federation,
and serves the same token at GET /subject-token (text) and /subject-token.json, which require the header
"Metadata: True" (what Azure's instance metadata asks for).

JWT assertions are verified with python3-jwt against the public half of the key it generated, independently
of the code under test. Every operation is counted; GET /__admin/stats returns the counts, POST
/__admin/revoke forgets every token issued so far.

CONFIG keys (all optional):
  token_lifetime       seconds, the expires_in of issued tokens (default 3600)
  quota_project_id     written into authorized_user.json
  require_user_project Secret Manager answers 403 USER_PROJECT_DENIED unless x-goog-user-project names this project
  metadata_flavor      false: the metadata path answers without Metadata-Flavor (not a metadata server)
  metadata_status      HTTP status of the metadata token path (default 200)
  metadata_fail_once   true: the first metadata token request answers 503 (with Metadata-Flavor)
  token_fail_once      true: the first token-endpoint request answers 503
  secrets              {"projects/P/secrets/S/versions/V": {"data": TEXT, "crc": "good"|"none"|"bad"|"number"}}
  errors               {"projects/P/secrets/S/versions/V": {"code": 404, "status": "NOT_FOUND", "message": M}}
  throttle_once        ["projects/P/secrets/S/versions/V", ...]: first access answers 429 RESOURCE_EXHAUSTED
  sts_user_project     STS requires options {"userProject": this} (else it requires no options)
  sts_status           HTTP status of every STS answer (default 200: a token exchange)
  iam_lifetime         the lifetime generateAccessToken requires (default "3600s")
  iam_delegates        the delegates generateAccessToken requires (default none)
  iam_status           HTTP status of every generateAccessToken answer (default 200)
  subject_status       HTTP status of the subject-token URL (default 200)

STS (POST /sts/v1/token) checks the grant type, audience (AUDIENCE or WORKFORCE_AUDIENCE), scope, requested
token type, subject token and its type; a wrong subject token is refused with invalid_grant, quoting it as a
careless service might. IAM Credentials (POST /v1/projects/-/serviceAccounts/TARGET_SA:generateAccessToken)
checks the bearer token was issued here, the scope, lifetime and delegates; stats record "sts", "iam",
"subject_url", "last_iam_bearer" (the issuing source of the bearer: sa, user, sts) and "last_sts_options".
"""

import argparse
import base64
import json
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SCOPE = "https://www.googleapis.com/auth/cloud-platform"
SA_EMAIL = "mstr-test@fake-project.iam.gserviceaccount.com"
KEY_ID = "0123456789abcdef0123456789abcdef01234567"
CLIENT_ID = "764086051850-fake.apps.googleusercontent.com"
CLIENT_SECRET = "fake-client-secret-d-FL95Q19q7MQmFpd7hHD0Ty"
REFRESH_TOKEN = "1//fake-refresh-token-0ABCDEFGHIJ"
SUBJECT_TOKEN = "eyJfake-subject-token.oidc-payload.signature"
SUBJECT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt"
AUDIENCE = "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/mstr-pool/providers/mstr-oidc"
WORKFORCE_AUDIENCE = "//iam.googleapis.com/locations/global/workforcePools/mstr-workforce/providers/mstr-idp"
TARGET_SA = "mstr-target@fake-project.iam.gserviceaccount.com"


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def new_private_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def cached_private_key(cache_dir, name):
    """The key stored under `name` in `cache_dir`, generated and stored first when absent."""
    if cache_dir is None:
        return new_private_key()
    path = os.path.join(cache_dir, name)
    try:
        with open(path, "rb") as key_file:
            return serialization.load_pem_private_key(key_file.read(), password=None)
    except (OSError, ValueError):
        pass
    key = new_private_key()
    os.makedirs(cache_dir, mode=0o700, exist_ok=True)
    # Written aside and renamed, so a fake starting in parallel never reads half a key.
    temporary = "%s.%d" % (path, os.getpid())
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(pem(key))
    os.replace(temporary, path)
    return key


def pem(private_key) -> str:
    return private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode()


class State:
    def __init__(self, config, public_key):
        self.config = config
        self.public_key = public_key
        self.lock = threading.Lock()
        self.stats = {"token_jwt": 0, "token_refresh": 0, "token_rejected": 0, "metadata": 0, "access": {},
                      "unauthorized": 0, "last_user_project": None, "sts": 0, "iam": 0, "subject_url": 0,
                      "last_iam_bearer": None, "last_sts_options": None}
        self.tokens = set()
        self.serial = 0
        self.throttled = set()
        self.token_failed = False
        self.metadata_failed = False

    def issue(self, source):
        with self.lock:
            self.serial += 1
            token = "ya29.%s-%d" % (source, self.serial)
            self.tokens.add(token)
            return token


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State = None

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def google_error(self, code, status, message):
        self.reply(code, {"error": {"code": code, "status": status, "message": message}})

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__admin/stats":
            with self.state.lock:
                return self.reply(200, self.state.stats)
        if path == "/computeMetadata/v1/instance/service-accounts/default/token":
            return self.metadata()
        if path.startswith("/v1/") and path.endswith(":access"):
            return self.access(path[len("/v1/"):-len(":access")])
        if path in ("/subject-token", "/subject-token.json"):
            return self.subject_token(path.endswith(".json"))
        self.google_error(404, "NOT_FOUND", "no such path")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__admin/revoke":
            with self.state.lock:
                self.state.tokens.clear()
            return self.reply(200, {})
        if path == "/token":
            return self.token(urllib.parse.parse_qs(body))
        if path == "/sts/v1/token":
            return self.sts(urllib.parse.parse_qs(body))
        prefix, suffix = "/v1/projects/-/serviceAccounts/", ":generateAccessToken"
        if path.startswith(prefix) and path.endswith(suffix):
            return self.generate_access_token(path[len(prefix):-len(suffix)], body)
        self.google_error(404, "NOT_FOUND", "no such path")

    def count(self, operation):
        with self.state.lock:
            self.state.stats[operation] += 1

    def subject_token(self, as_json):
        self.count("subject_url")
        if self.headers.get("Metadata") != "True":
            return self.reply(400, {"error": "bad_request", "error_description": "Required metadata header not specified"})
        status = self.state.config.get("subject_status", 200)
        if status != 200:
            return self.reply(status, {"error": "unavailable"})
        if as_json:
            return self.reply(200, {"id_token": SUBJECT_TOKEN, "token_type": "Bearer"})
        data = SUBJECT_TOKEN.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def sts(self, form):
        self.count("sts")
        config = self.state.config
        status = config.get("sts_status", 200)
        if status != 200:
            return self.reply(status, {"error": "temporarily_unavailable", "error_description": "STS is failing"})
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            return self.reply(400, {"error": "invalid_request", "error_description": "not form-encoded"})
        field = lambda name: form.get(name, [None])[0]
        with self.state.lock:
            self.state.stats["last_sts_options"] = field("options")
        expected = {"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                    "requested_token_type": "urn:ietf:params:oauth:token-type:access_token",
                    "subject_token_type": SUBJECT_TOKEN_TYPE, "scope": SCOPE}
        for name, value in expected.items():
            if field(name) != value:
                return self.reply(400, {"error": "invalid_request", "error_description": "bad %s" % name})
        audience = field("audience")
        if audience not in (AUDIENCE, WORKFORCE_AUDIENCE):
            return self.reply(400, {"error": "invalid_target", "error_description": "unknown audience"})
        user_project = config.get("sts_user_project")
        options = field("options")
        if user_project:
            if audience != WORKFORCE_AUDIENCE or options is None or json.loads(options) != {"userProject": user_project}:
                return self.reply(400, {"error": "invalid_request", "error_description": "userProject required"})
        elif options is not None:
            return self.reply(400, {"error": "invalid_request", "error_description": "unexpected options"})
        if field("subject_token") != SUBJECT_TOKEN:
            return self.reply(400, {"error": "invalid_grant", "error_description":
                                    "The token %s could not be verified: unknown issuer." % field("subject_token")})
        lifetime = config.get("token_lifetime", 3600)
        self.reply(200, {"access_token": self.state.issue("sts"), "expires_in": lifetime, "token_type": "Bearer",
                         "issued_token_type": "urn:ietf:params:oauth:token-type:access_token"})

    def generate_access_token(self, target, body):
        self.count("iam")
        config = self.state.config
        status = config.get("iam_status", 200)
        if status != 200:
            return self.google_error(status, "UNAVAILABLE", "The service is currently unavailable.")
        authorization = self.headers.get("Authorization", "")
        bearer = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else ""
        with self.state.lock:
            known = bearer in self.state.tokens
            self.state.stats["last_iam_bearer"] = bearer.split(".", 1)[-1].rsplit("-", 1)[0] if known else None
        if not known:
            return self.google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        if target != TARGET_SA:
            return self.google_error(404, "NOT_FOUND", "Service account %s not found." % target)
        try:
            request = json.loads(body)
        except ValueError:
            return self.google_error(400, "INVALID_ARGUMENT", "body is not JSON")
        lifetime = config.get("iam_lifetime", "3600s")
        if request.get("scope") != [SCOPE] or request.get("lifetime") != lifetime:
            return self.google_error(400, "INVALID_ARGUMENT", "scope or lifetime not as expected")
        if request.get("delegates", []) != config.get("iam_delegates", []):
            return self.google_error(403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' "
                                     "denied on the delegation chain.")
        expire = time.gmtime(time.time() + int(lifetime[:-1]))
        self.reply(200, {"accessToken": self.state.issue("iam"),
                         "expireTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", expire)})

    def token_answer(self, source):
        lifetime = self.state.config.get("token_lifetime", 3600)
        self.reply(200, {"access_token": self.state.issue(source), "expires_in": lifetime, "token_type": "Bearer"})

    def token(self, form):
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            return self.reply(400, {"error": "invalid_request", "error_description": "not form-encoded"})
        with self.state.lock:
            fail = self.state.config.get("token_fail_once") and not self.state.token_failed
            self.state.token_failed = True
        if fail:
            return self.reply(503, {"error": "temporarily_unavailable"})
        grant = form.get("grant_type", [""])[0]
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self.jwt_bearer(form.get("assertion", [""])[0])
        if grant == "refresh_token":
            return self.refresh(form)
        self.reply(400, {"error": "unsupported_grant_type", "error_description": "grant " + grant})

    def reject(self, error, description):
        with self.state.lock:
            self.state.stats["token_rejected"] += 1
        self.reply(400, {"error": error, "error_description": description})

    def jwt_bearer(self, assertion):
        with self.state.lock:
            self.state.stats["token_jwt"] += 1
        token_uri = "http://%s:%d/token" % self.server.server_address[:2]
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, self.state.public_key, algorithms=["RS256"], audience=token_uri,
                                issuer=SA_EMAIL, options={"require": ["iss", "aud", "iat", "exp"]})
        except jwt.PyJWTError as error:
            return self.reject("invalid_grant", "Invalid JWT: %s" % error)
        if header.get("kid") != KEY_ID or header.get("typ") != "JWT":
            return self.reject("invalid_grant", "bad kid or typ in the JWT header")
        if claims.get("scope") != SCOPE:
            return self.reject("invalid_scope", "scope must be cloud-platform")
        if claims["exp"] - claims["iat"] != 3600 or abs(claims["iat"] - time.time()) > 300:
            return self.reject("invalid_grant", "iat/exp must span one hour from now")
        self.token_answer("sa")

    def refresh(self, form):
        with self.state.lock:
            self.state.stats["token_refresh"] += 1
        if form.get("client_id", [""])[0] != CLIENT_ID or form.get("client_secret", [""])[0] != CLIENT_SECRET:
            return self.reject("invalid_client", "The OAuth client was not found.")
        if form.get("refresh_token", [""])[0] != REFRESH_TOKEN:
            return self.reject("invalid_grant", "Token has been expired or revoked.")
        self.token_answer("user")

    def metadata(self):
        with self.state.lock:
            self.state.stats["metadata"] += 1
        config = self.state.config
        flavor = {"Metadata-Flavor": "Google"} if config.get("metadata_flavor", True) else {}
        if self.headers.get("Metadata-Flavor") != "Google":
            return self.reply(403, {"error": "missing Metadata-Flavor"}, flavor)
        with self.state.lock:
            fail = config.get("metadata_fail_once") and not self.state.metadata_failed
            self.state.metadata_failed = True
        status = 503 if fail else config.get("metadata_status", 200)
        if status != 200:
            return self.reply(status, None, flavor)
        lifetime = config.get("token_lifetime", 3600)
        self.reply(200, {"access_token": self.state.issue("gce"), "expires_in": lifetime, "token_type": "Bearer"},
                   flavor)

    def access(self, name):
        state = self.state
        with state.lock:
            state.stats["access"][name] = state.stats["access"].get(name, 0) + 1
            state.stats["last_user_project"] = self.headers.get("x-goog-user-project")
            authorization = self.headers.get("Authorization", "")
            authorized = authorization.startswith("Bearer ") and authorization[len("Bearer "):] in state.tokens
            if not authorized:
                state.stats["unauthorized"] += 1
            throttle = name in state.config.get("throttle_once", []) and name not in state.throttled
            state.throttled.add(name)
        if not authorized:
            return self.google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        required = state.config.get("require_user_project")
        if required and self.headers.get("x-goog-user-project") != required:
            return self.google_error(403, "PERMISSION_DENIED", "USER_PROJECT_DENIED: the request must bill project "
                                     "%s through x-goog-user-project." % required)
        if throttle:
            return self.google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Access requests'.")
        error = state.config.get("errors", {}).get(name)
        if error:
            return self.google_error(error["code"], error["status"], error.get("message", error["status"]))
        secret = state.config.get("secrets", {}).get(name)
        if secret is None:
            return self.google_error(404, "NOT_FOUND", "Secret Version [%s] not found." % name)
        data = secret["data"].encode()
        payload = {"data": base64.b64encode(data).decode()}
        crc = secret.get("crc", "good")
        if crc == "good":
            payload["dataCrc32c"] = str(crc32c(data))
        elif crc == "number":
            payload["dataCrc32c"] = crc32c(data)
        elif crc == "bad":
            payload["dataCrc32c"] = str(crc32c(data) ^ 0x1)
        self.reply(200, {"name": name, "payload": payload})


def write_json(directory, name, content):
    path = os.path.join(directory, name)
    with open(path, "w") as out:
        json.dump(content, out)
    os.chmod(path, 0o600)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config")
    parser.add_argument("credentials_dir")
    parser.add_argument("key_cache_dir", nargs="?")
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    with open(args.config) as config_file:
        config = json.load(config_file)
    directory = args.credentials_dir
    key_cache = args.key_cache_dir
    key = cached_private_key(key_cache, "service_account_key.pem")
    wrong_key = cached_private_key(key_cache, "wrong_key.pem")
    Handler.state = State(config, key.public_key())
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    token_uri = "http://127.0.0.1:%d/token" % server.server_address[1]

    def service_account(private_key):
        return {"type": "service_account", "project_id": "fake-project", "private_key_id": KEY_ID,
                "private_key": pem(private_key), "client_email": SA_EMAIL, "client_id": "1234567890",
                "token_uri": token_uri}

    def authorized_user(secret):
        user = {"type": "authorized_user", "client_id": CLIENT_ID, "client_secret": secret,
                "refresh_token": REFRESH_TOKEN, "token_uri": token_uri}
        if config.get("quota_project_id"):
            user["quota_project_id"] = config["quota_project_id"]
        return user

    write_json(directory, "service_account.json", service_account(key))
    write_json(directory, "service_account_wrong_key.json", service_account(wrong_key))
    write_json(directory, "authorized_user.json", authorized_user(CLIENT_SECRET))
    write_json(directory, "authorized_user_bad_secret.json", authorized_user("not-the-secret"))
    with open(os.path.join(directory, "subject_token.txt"), "w") as out:
        out.write(SUBJECT_TOKEN + "\n")
    write_json(directory, "subject_token.json", {"id_token": SUBJECT_TOKEN})
    print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
