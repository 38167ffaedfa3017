#!/usr/bin/env python3
"""A loopback fake of the AWS endpoints the aws provider talks to.

Serves Secrets Manager GetSecretValue and SSM GetParameter (JSON 1.1, every request's SigV4
signature checked with botocore's own signer), STS AssumeRole (signature checked the same way) and
AssumeRoleWithWebIdentity (XML), the IAM Identity Center portal's GetRoleCredentials (bearer token),
the container credentials endpoint and IMDSv2. Prints its base URL as the first line of standard output.

Configured by a JSON file (--config):
  region           the region every signature must be scoped to
  credentials      [{"access_key_id", "secret_access_key", "session_token"?}] accepted as long-term keys
  secrets          {"id": {"SecretString": "..."} | {"SecretBinary": "<base64>"}}
  parameters       {"name": "value"}
  container        {"token": "...", "lifetime": seconds}      the Authorization value it requires
  imds             {"role": "...", "lifetime": seconds}
  sts              {"role_arn": "...", "token": "...", "lifetime": seconds}
  roles            {"arn": {"principals": [access key id or role arn], "external_id"?, "lifetime"?}}
                   the roles AssumeRole may assume, and who may: a role's principals are the long-term
                   keys or the roles (through credentials an AssumeRole issued) allowed to assume it
  sso              {"token": "...", "account_id": "...", "role_name": "...", "lifetime": seconds}
  faults           [{"operation", "target"?, "status", "type", "times"?}]  answered instead, `times` times
Temporary credentials it issues (container, IMDS, STS) are accepted until they expire, then
answered with ExpiredTokenException.

Admin paths: GET /__admin/stats (requests per operation, rejections per error type, the last
well-signed request body per operation),
POST /__admin/faults (replaces the faults), POST /__admin/config (merges top-level keys into the
configuration), POST /__admin/reset (clears stats and faults).
"""

import argparse
import base64
import datetime
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class State:
    def __init__(self, config):
        self.lock = threading.Lock()
        self.config = config
        self.region = config.get("region", "us-east-1")
        self.keys = {}
        for entry in config.get("credentials", []):
            self.keys[entry["access_key_id"]] = (entry["secret_access_key"], entry.get("session_token"), None)
        self.faults = list(config.get("faults", []))
        self.stats = {}
        self.rejected = {}
        self.last = {}
        self.imds_tokens = set()
        self.issued = 0
        self.key_roles = {}

    def count(self, operation):
        with self.lock:
            self.stats[operation] = self.stats.get(operation, 0) + 1

    def reject(self, error_type):
        with self.lock:
            self.rejected[error_type] = self.rejected.get(error_type, 0) + 1

    def fault_for(self, operation, target):
        with self.lock:
            for fault in self.faults:
                if fault["operation"] != operation or fault.get("target", target) != target:
                    continue
                times = fault.get("times")
                if times is not None:
                    if times <= 0:
                        continue
                    fault["times"] = times - 1
                return fault
        return None

    def issue(self, lifetime, role=None):
        with self.lock:
            self.issued += 1
            key = "ASIAFAKE%08d" % self.issued
            secret = secrets.token_urlsafe(30)
            token = "FQoFAKE" + secrets.token_urlsafe(40)
            expires = time.time() + lifetime
            self.keys[key] = (secret, token, expires)
            if role:
                self.key_roles[key] = role
        stamp = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return key, secret, token, stamp


STATE = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def aws_error(self, status, error_type, message):
        STATE.reject(error_type)
        self.send(status, json.dumps({"__type": error_type, "message": message}), "application/x-amz-json-1.1")

    # --- routing -------------------------------------------------------------------------------
    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__admin/stats":
            with STATE.lock:
                self.send(200, json.dumps({"requests": STATE.stats, "rejected": STATE.rejected, "last": STATE.last}))
        elif path.startswith("/container"):
            self.container()
        elif path == "/federation/credentials":
            self.sso_role_credentials()
        elif path.startswith("/latest/meta-data/iam/security-credentials/"):
            self.imds_credentials(path[len("/latest/meta-data/iam/security-credentials/"):])
        else:
            self.send(404, "{}")

    def do_PUT(self):
        if urllib.parse.urlsplit(self.path).path == "/latest/api/token":
            self.body()
            STATE.count("imds-token")
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
            if not ttl or not ttl.isdigit():
                self.send(400, "missing X-aws-ec2-metadata-token-ttl-seconds", "text/plain")
                return
            token = secrets.token_urlsafe(24)
            with STATE.lock:
                STATE.imds_tokens.add(token)
            self.send(200, token, "text/plain")
        else:
            self.send(404, "{}")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        body = self.body()
        if path == "/__admin/faults":
            with STATE.lock:
                STATE.faults = json.loads(body or b"[]")
            self.send(200, "{}")
        elif path == "/__admin/config":
            with STATE.lock:
                STATE.config.update(json.loads(body or b"{}"))
            self.send(200, "{}")
        elif path == "/__admin/reset":
            with STATE.lock:
                STATE.faults, STATE.stats, STATE.rejected, STATE.last = [], {}, {}, {}
            self.send(200, "{}")
        elif "X-Amz-Target" in self.headers:
            self.json_service(body)
        elif (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
            self.sts(body)
        else:
            self.send(404, "{}")

    # --- SigV4 verification -------------------------------------------------------------------
    def verify_signature(self, body, service, error=None):
        """True when the request is well signed; otherwise answers with `error` (status, type, message)."""
        error = error or self.aws_error
        authorization = self.headers.get("Authorization", "")
        amz_date = self.headers.get("X-Amz-Date", "")
        try:
            algorithm, rest = authorization.split(" ", 1)
            fields = dict(part.strip().split("=", 1) for part in rest.split(","))
            access_key, date, region, scope_service, terminator = fields["Credential"].split("/")
            signed_headers = fields["SignedHeaders"].split(";")
            signature = fields["Signature"]
            assert algorithm == "AWS4-HMAC-SHA256" and terminator == "aws4_request" and amz_date
        except Exception:
            error(400, "IncompleteSignature", "Authorization header requires Credential, SignedHeaders "
                           "and Signature, and X-Amz-Date must be present.")
            return False
        with STATE.lock:
            known = STATE.keys.get(access_key)
        if known is None:
            error(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
            return False
        secret, token, expires = known
        if token is not None and self.headers.get("X-Amz-Security-Token") != token:
            error(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
            return False
        if expires is not None and time.time() > expires:
            error(400, "ExpiredTokenException", "The security token included in the request is expired")
            return False
        if region != STATE.region or scope_service != service or date != amz_date[:8]:
            error(403, "InvalidSignatureException", "Credential should be scoped to a valid region, "
                           "service and date.")
            return False
        try:
            sent = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            error(400, "IncompleteSignature", "X-Amz-Date is not a valid date.")
            return False
        if abs((datetime.datetime.now(datetime.timezone.utc) - sent).total_seconds()) > 300:
            error(403, "InvalidSignatureException", "Signature expired.")
            return False
        if "host" not in signed_headers or "x-amz-date" not in signed_headers:
            error(403, "InvalidSignatureException", "Host and X-Amz-Date must be signed.")
            return False
        headers = {}
        for name in signed_headers:
            values = self.headers.get_all(name)
            if values is None:
                error(403, "InvalidSignatureException", "A signed header is missing: " + name)
                return False
            headers[name] = ",".join(values)
        request = AWSRequest(method=self.command, url="http://" + self.headers["Host"] + self.path, data=body,
                             headers=headers)
        request.context["timestamp"] = amz_date
        auth = SigV4Auth(Credentials(access_key, secret, token), service, region)
        expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
        if expected != signature:
            error(403, "InvalidSignatureException", "The request signature we calculated does not match "
                           "the signature you provided.")
            return False
        return True

    # --- Secrets Manager and SSM -----------------------------------------------------------------
    def json_service(self, body):
        target = self.headers["X-Amz-Target"]
        service, operation = {
            "secretsmanager.GetSecretValue": ("secretsmanager", "GetSecretValue"),
            "AmazonSSM.GetParameter": ("ssm", "GetParameter"),
        }.get(target, (None, None))
        if service is None:
            self.aws_error(400, "UnknownOperationException", "Unknown operation " + target)
            return
        STATE.count(operation)
        if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
            self.aws_error(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1")
            return
        if not self.verify_signature(body, service):
            return
        try:
            request = json.loads(body)
        except ValueError:
            self.aws_error(400, "SerializationException", "Body is not JSON")
            return
        with STATE.lock:
            STATE.last[operation] = request
        name = request.get("SecretId") if service == "secretsmanager" else request.get("Name")
        fault = STATE.fault_for(operation, name)
        if fault:
            self.aws_error(fault.get("status", 400), fault["type"], fault.get("message", fault["type"]))
            return
        if service == "secretsmanager":
            secret = STATE.config.get("secrets", {}).get(name)
            if secret is None:
                self.aws_error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
                return
            answer = {"ARN": "arn:aws:secretsmanager:%s:123456789012:secret:%s" % (STATE.region, name), "Name": name,
                      "VersionId": request.get("VersionId", "v1"),
                      "VersionStages": [request.get("VersionStage", "AWSCURRENT")]}
            answer.update(secret)
            self.send(200, json.dumps(answer), "application/x-amz-json-1.1")
        else:
            if request.get("WithDecryption") is not True:
                self.aws_error(400, "ValidationException", "WithDecryption must be true for this fake")
                return
            value = STATE.config.get("parameters", {}).get(name)
            if value is None:
                self.aws_error(400, "ParameterNotFound", "")
                return
            self.send(200, json.dumps({"Parameter": {"Name": name, "Type": "SecureString", "Value": value,
                                                     "Version": 1}}), "application/x-amz-json-1.1")

    # --- STS -------------------------------------------------------------------------------------
    def sts(self, body):
        form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
        action = form.get("Action", [""])[0]
        STATE.count(action or "sts-unknown")
        config = STATE.config.get("sts", {})

        def error(status, code, message):
            STATE.reject(code)
            self.send(status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                      "<Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                      "<RequestId>fake</RequestId></ErrorResponse>" % (code, message), "text/xml")

        if action == "AssumeRole" and form.get("Version", [""])[0] == "2011-06-15":
            self.assume_role(body, form, error)
            return
        if action != "AssumeRoleWithWebIdentity" or form.get("Version", [""])[0] != "2011-06-15":
            error(400, "InvalidAction", "Could not find operation " + action)
            return
        fault = STATE.fault_for(action, None)
        if fault:
            error(fault.get("status", 400), fault["type"], fault.get("message", fault["type"]))
            return
        if form.get("RoleArn", [""])[0] != config.get("role_arn"):
            error(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
            return
        if not form.get("RoleSessionName", [""])[0]:
            error(400, "ValidationError", "RoleSessionName is required")
            return
        if form.get("WebIdentityToken", [""])[0] != config.get("token"):
            error(400, "InvalidIdentityToken", "The web identity token could not be validated")
            return
        key, secret, token, stamp = STATE.issue(config.get("lifetime", 3600))
        self.send(200, "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                  "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>%s</AccessKeyId>"
                  "<SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
                  "<Expiration>%s</Expiration></Credentials>"
                  "<SubjectFromWebIdentityToken>fake</SubjectFromWebIdentityToken>"
                  "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>fake</RequestId>"
                  "</ResponseMetadata></AssumeRoleWithWebIdentityResponse>" % (key, secret, token, stamp), "text/xml")

    def assume_role(self, body, form, error):
        if not self.verify_signature(body, "sts", error):
            return
        values = {name: value[0] for name, value in form.items()}
        with STATE.lock:
            STATE.last["AssumeRole"] = values
        fault = STATE.fault_for("AssumeRole", values.get("RoleArn"))
        if fault:
            error(fault.get("status", 400), fault["type"], fault.get("message", fault["type"]))
            return
        caller = self.headers.get("Authorization", "").split("Credential=", 1)[1].split("/", 1)[0]
        with STATE.lock:
            principal = STATE.key_roles.get(caller, caller)
        role = STATE.config.get("roles", {}).get(values.get("RoleArn", ""))
        if role is None or principal not in role.get("principals", []):
            error(403, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole" % principal)
            return
        if not values.get("RoleSessionName"):
            error(400, "ValidationError", "RoleSessionName is required")
            return
        if role.get("external_id") is not None and values.get("ExternalId") != role["external_id"]:
            error(403, "AccessDenied", "Not authorized to perform sts:AssumeRole (external id)")
            return
        duration = values.get("DurationSeconds")
        if duration is not None and not (duration.isdigit() and 900 <= int(duration) <= 43200):
            error(400, "ValidationError", "DurationSeconds out of range")
            return
        key, secret, token, stamp = STATE.issue(role.get("lifetime", 3600), values["RoleArn"])
        self.send(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                  "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
                  "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
                  "<AssumedRoleUser><AssumedRoleId>AROAFAKE:%s</AssumedRoleId><Arn>%s</Arn></AssumedRoleUser>"
                  "</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
                  "</AssumeRoleResponse>" % (key, secret, token, stamp, values["RoleSessionName"], values["RoleArn"]),
                  "text/xml")

    # --- IAM Identity Center portal ----------------------------------------------------------------
    def sso_role_credentials(self):
        STATE.count("GetRoleCredentials")
        config = STATE.config.get("sso", {})
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        fault = STATE.fault_for("GetRoleCredentials", None)
        if fault:
            STATE.reject(fault["type"])
            self.send(fault.get("status", 500), json.dumps({"message": fault["type"]}))
            return
        if self.headers.get("x-amz-sso_bearer_token") != config.get("token"):
            STATE.reject("UnauthorizedException")
            self.send(401, json.dumps({"message": "Session token not found or invalid"}))
            return
        if (query.get("account_id", [""])[0] != config.get("account_id") or
                query.get("role_name", [""])[0] != config.get("role_name")):
            STATE.reject("ForbiddenException")
            self.send(403, json.dumps({"message": "No access"}))
            return
        key, secret, token, stamp = STATE.issue(config.get("lifetime", 3600))
        with STATE.lock:
            expires = STATE.keys[key][2]
        self.send(200, json.dumps({"roleCredentials": {"accessKeyId": key, "secretAccessKey": secret,
                                                       "sessionToken": token, "expiration": int(expires * 1000)}}))

    # --- container and IMDS ------------------------------------------------------------------------
    def container(self):
        STATE.count("container")
        config = STATE.config.get("container", {})
        if self.headers.get("Authorization") != config.get("token"):
            STATE.reject("container-unauthorized")
            self.send(401, json.dumps({"message": "bad authorization"}))
            return
        key, secret, token, stamp = STATE.issue(config.get("lifetime", 3600))
        self.send(200, json.dumps({"AccessKeyId": key, "SecretAccessKey": secret, "Token": token,
                                   "Expiration": stamp, "RoleArn": "arn:aws:iam::123456789012:role/fake"}))

    def imds_credentials(self, role):
        config = STATE.config.get("imds", {})
        with STATE.lock:
            valid = self.headers.get("X-aws-ec2-metadata-token") in STATE.imds_tokens
        STATE.count("imds-credentials" if role else "imds-role-list")
        if not valid:
            STATE.reject("imds-unauthorized")
            self.send(401, "", "text/plain")
            return
        if not role:
            self.send(200, config.get("role", "fake-role"), "text/plain")
            return
        if role != config.get("role", "fake-role"):
            self.send(404, "", "text/plain")
            return
        key, secret, token, stamp = STATE.issue(config.get("lifetime", 3600))
        self.send(200, json.dumps({"Code": "Success", "LastUpdated": stamp, "Type": "AWS-HMAC", "AccessKeyId": key,
                                   "SecretAccessKey": secret, "Token": token, "Expiration": stamp}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--max-seconds", type=float, default=300, help="exit after this long, whatever happens")
    args = parser.parse_args()
    global STATE
    with open(args.config) as config:
        STATE = State(json.load(config))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
