#!/usr/bin/env python3
"""A loopback fake of HashiCorp Vault for the vault plugin's tests: the KV version 2 read API,
AppRole and Kubernetes login, token TTLs with renew-self, revocation, outages and a sealed state.

    fake_vault.py --secrets SECRETS.json --token TOKEN [--namespace NS] [--lifetime SECONDS]
                  [--role-id ID --secret-id SECRET] [--k8s-role ROLE --k8s-jwt JWT]
                  [--ttl SECONDS] [--max-ttl SECONDS] [--not-renewable]

SECRETS.json maps mount -> path -> list of versions (each a key/value object, version 1 first):
    {"secret": {"mstr/prod": [{"username": "analyst", "password": "old"}, {"password": "new"}]}}
Mounts listed under "__kv1__" are KV version 1 mounts: their paths are taken whole (a KV v2 read
of "m/data/p" looks for the secret "data/p") and answered in the version 1 shape.

TOKEN is a static token that never expires. A login at auth/approle/login ({"role_id",
"secret_id"}) or auth/kubernetes/login ({"role", "jwt"}) issues a new token with a TTL of --ttl
seconds, renewable (unless --not-renewable) up to --max-ttl seconds after the login.

The first line printed is the base URL (http://127.0.0.1:PORT). Test controls, outside /v1/:
    GET  /__fake/stats    {"reads", "logins", "renewals", "refused"}: requests served so far
    POST /__fake/control  {"outage": "503" | "drop" | null, "sealed": bool, "renewable": bool,
                           "revoke": true (every issued token), "secret_id": "..." (rotate)}
The server stops by itself after --lifetime seconds so it can never outlive a test run.
"""
import argparse
import json
import secrets as random_tokens
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--namespace")
    parser.add_argument("--lifetime", type=float, default=120.0)
    parser.add_argument("--role-id")
    parser.add_argument("--secret-id")
    parser.add_argument("--k8s-role")
    parser.add_argument("--k8s-jwt")
    parser.add_argument("--ttl", type=int, default=3600)
    parser.add_argument("--max-ttl", type=int, default=86400)
    parser.add_argument("--not-renewable", action="store_true")
    args = parser.parse_args()
    with open(args.secrets, encoding="utf-8") as f:
        secrets = json.load(f)
    kv1_mounts = set(secrets.pop("__kv1__", []))
    state = {"reads": 0, "logins": 0, "renewals": 0, "refused": 0, "outage": None, "sealed": False,
             "renewable": not args.not_renewable, "secret_id": args.secret_id}
    # token -> {"expires": monotonic time, "max_expires": ..., "renewable": bool}; None: never expires
    tokens = {args.token: None}
    lock = threading.Lock()

    def token_valid(token):
        if token not in tokens:
            return False
        lease = tokens[token]
        return lease is None or time.monotonic() < lease["expires"]

    def issue():
        token = "s.login-" + random_tokens.token_hex(8)
        now = time.monotonic()
        ttl = min(args.ttl, args.max_ttl)
        tokens[token] = {"expires": now + ttl, "max_expires": now + args.max_ttl, "renewable": state["renewable"]}
        state["logins"] += 1
        return {"auth": {"client_token": token, "accessor": "fake", "policies": ["default"],
                         "lease_duration": ttl, "renewable": state["renewable"]}}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *unused):
            pass

        def answer(self, status, document):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def request_body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                return json.loads(raw or b"{}")
            except ValueError:
                return None

        def unavailable(self):
            """Answers for an outage or a sealed Vault; False when the request may be served."""
            if state["outage"] == "drop":
                self.close_connection = True
                self.connection.close()
                return True
            if state["outage"] == "503":
                self.answer(503, {"errors": ["upstream unavailable"]})
                return True
            if state["sealed"]:
                self.answer(503, {"errors": ["Vault is sealed"]})
                return True
            return False

        def do_POST(self):
            url = urlsplit(self.path)
            body = self.request_body()
            if url.path == "/__fake/control":
                with lock:
                    for key in ("outage", "sealed", "renewable", "secret_id"):
                        if key in body:
                            state[key] = body[key]
                    if body.get("revoke"):
                        for token in list(tokens):
                            if token != args.token:
                                del tokens[token]
                return self.answer(200, {})
            if self.unavailable():
                return
            if body is None:
                return self.answer(400, {"errors": ["failed to parse JSON input"]})
            with lock:
                if url.path == "/v1/auth/approle/login" and args.role_id:
                    if body.get("role_id") != args.role_id or body.get("secret_id") != state["secret_id"]:
                        state["refused"] += 1
                        return self.answer(400, {"errors": ["invalid role or secret ID"]})
                    return self.answer(200, issue())
                if url.path == "/v1/auth/kubernetes/login" and args.k8s_role:
                    if body.get("role") != args.k8s_role or body.get("jwt") != args.k8s_jwt:
                        state["refused"] += 1
                        return self.answer(403, {"errors": ["permission denied"]})
                    return self.answer(200, issue())
                if url.path == "/v1/auth/token/renew-self":
                    token = self.headers.get("X-Vault-Token")
                    if not token_valid(token) or tokens[token] is None:
                        return self.answer(403, {"errors": ["permission denied"]})
                    lease = tokens[token]
                    if not lease["renewable"]:
                        return self.answer(400, {"errors": ["lease is not renewable"]})
                    now = time.monotonic()
                    ttl = max(0, min(args.ttl, int(lease["max_expires"] - now)))
                    lease["expires"] = now + ttl
                    state["renewals"] += 1
                    return self.answer(200, {"auth": {"client_token": token, "lease_duration": ttl,
                                                      "renewable": True}})
            return self.answer(404, {"errors": []})

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == "/__fake/stats":
                with lock:
                    return self.answer(200, {k: state[k] for k in ("reads", "logins", "renewals", "refused")})
            if self.unavailable():
                return
            if not url.path.startswith("/v1/"):
                return self.answer(404, {"errors": []})
            with lock:
                state["reads"] += 1
                valid = token_valid(self.headers.get("X-Vault-Token"))
            if not valid:
                return self.answer(403, {"errors": ["permission denied"]})
            if args.namespace is not None and self.headers.get("X-Vault-Namespace") != args.namespace:
                return self.answer(403, {"errors": ["permission denied"]})
            parts = [unquote(p) for p in url.path[len("/v1/"):].split("/")]
            if len(parts) < 2:
                return self.answer(404, {"errors": []})
            mount = parts[0]
            if mount not in secrets:
                return self.answer(403, {"errors": ["permission denied"]})
            if mount in kv1_mounts:
                path = "/".join(parts[1:])
                versions = secrets[mount].get(path)
                if not versions:
                    return self.answer(404, {"errors": []})
                return self.answer(200, {"data": versions[-1], "lease_duration": 2764800})
            if parts[1] != "data":
                return self.answer(405, {"errors": ["1 error occurred:\n\t* unsupported path\n\n"]})
            path = "/".join(parts[2:])
            versions = secrets[mount].get(path)
            if not versions:
                return self.answer(404, {"errors": []})
            query = parse_qs(url.query)
            number = int(query.get("version", [str(len(versions))])[0])
            if number < 1 or number > len(versions):
                return self.answer(404, {"errors": []})
            return self.answer(200, {
                "request_id": "00000000-0000-0000-0000-000000000000",
                "data": {"data": versions[number - 1],
                         "metadata": {"version": number, "deletion_time": "", "destroyed": False}},
            })

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
