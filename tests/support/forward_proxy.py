#!/usr/bin/env python3
"""A loopback forward proxy for the tests: plain HTTP by absolute URI, HTTPS by CONNECT.

Prints its URL (http://127.0.0.1:PORT) as the first line, then serves until killed or until
--max-seconds pass. Every request is appended to --log as one JSON line: the method, the target,
and whether Proxy-Authorization was sent and right (never its value). Only loopback targets are
served, so nothing leaves the machine. With --auth USER:PASS, requests without those credentials
get 407.
"""
import argparse
import base64
import http.client
import json
import select
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
HOP_BY_HOP = {"proxy-authorization", "proxy-connection", "connection", "keep-alive", "te", "trailer",
              "transfer-encoding", "upgrade"}


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, *args):
        pass

    def record(self, target, auth_ok):
        entry = {"method": self.command, "target": target,
                 "proxy_auth_sent": "Proxy-Authorization" in self.headers, "proxy_auth_ok": auth_ok}
        with self.server.log_lock, open(self.server.log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def authorised(self):
        if self.server.expected_auth is None:
            return True
        return self.headers.get("Proxy-Authorization", "") == self.server.expected_auth

    def refuse(self, status, reason):
        body = reason.encode()
        self.send_response(status)
        if status == 407:
            self.send_header("Proxy-Authenticate", 'Basic realm="test proxy"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        host = host.strip("[]")
        ok = self.authorised()
        self.record(self.path, ok)
        if not ok:
            return self.refuse(407, "proxy authentication required")
        if host not in LOOPBACK:
            return self.refuse(403, "only loopback targets")
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        sockets = [self.connection, upstream]
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                readable, _, _ = select.select(sockets, [], [], 1.0)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()
            self.close_connection = True

    def forward(self):
        ok = self.authorised()
        self.record(self.path, ok)
        if not ok:
            return self.refuse(407, "proxy authentication required")
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in LOOPBACK:
            return self.refuse(403, "only absolute http:// URLs of loopback targets")
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=10)
        target = url.path + ("?" + url.query if url.query else "")
        upstream.request(self.command, target or "/", body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = forward


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--auth")
    parser.add_argument("--max-seconds", type=float, default=120)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    server.log_path = args.log
    server.log_lock = threading.Lock()
    server.expected_auth = ("Basic " + base64.b64encode(args.auth.encode()).decode()) if args.auth else None
    print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
