#!/usr/bin/env python3
"""A loopback fake of HashiCorp Vault's KV version 2 read API, for the vault plugin's tests.

    fake_vault.py --secrets SECRETS.json --token TOKEN [--namespace NS] [--lifetime SECONDS]

SECRETS.json maps mount -> path -> list of versions (each a key/value object, version 1 first):
    {"secret": {"mstr/prod": [{"username": "analyst", "password": "old"}, {"password": "new"}]}}
Mounts listed under "__kv1__" are KV version 1 mounts: their paths are taken whole (a KV v2 read
of "m/data/p" looks for the secret "data/p") and answered in the version 1 shape.

The first line printed is the base URL (http://127.0.0.1:PORT). GET /__fake/reads returns how many
secret reads were served. The server stops by itself after --lifetime seconds so it can never outlive
a test run.
"""
import argparse
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--namespace")
    parser.add_argument("--lifetime", type=float, default=120.0)
    args = parser.parse_args()
    with open(args.secrets, encoding="utf-8") as f:
        secrets = json.load(f)
    kv1_mounts = set(secrets.pop("__kv1__", []))
    state = {"reads": 0}
    lock = threading.Lock()

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

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == "/__fake/reads":
                with lock:
                    return self.answer(200, {"reads": state["reads"]})
            if not url.path.startswith("/v1/"):
                return self.answer(404, {"errors": []})
            with lock:
                state["reads"] += 1
            if self.headers.get("X-Vault-Token") != args.token:
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
