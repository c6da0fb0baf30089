"""mitmproxy addon: injects AWS faults in front of moto, driven by a rules file.

Run by compose/lib/fault-proxy.sh as
    mitmdump --mode reverse:http://127.0.0.1:5000 --listen-port 5100 -s fault_proxy.py

Rules live in a JSON file (env FAULT_PROXY_RULES, default
$FLEET_STATE_DIR/fault-proxy-rules.json), re-read whenever its mtime/size/inode changes,
so a chaos run changes faults without restarting the proxy:

    {"rules": [
      {"service": "s3|dynamodb|sqs|any",     # required
       "operation": "GetObject",             # optional; a string or a list of names
       "fault": "throttle|error|reset|reset_after|latency",
       "rate": 0.3,                          # 0.0-1.0, default 1.0
       "latency_ms": 200,                    # for latency
       "code": "ThrottlingException",        # optional error code override
       "status": 503}                        # optional HTTP status override
    ]}

For each request the rules are tried in order; a rule whose service and operation match
draws a random number, and the first one whose draw hits applies (no further rule is
tried). `reset` closes the client's connection before anything reaches moto;
`reset_after` forwards the request (moto applies it) and then closes the connection
instead of answering, which is the nastier real-world case (did my write happen?).

Fault answers use each service's real wire format so that a real AWS client (botocore,
our Swift AWSClients) classifies them as it would classify AWS's own.

The proxy answers two paths itself (never forwarded):
    GET /__fault-proxy/health  -> 200 {"ok": true}
    GET /__fault-proxy/stats   -> JSON counters (per rule and per service)
    POST /__fault-proxy/reset  -> zeroes the counters
"""

import asyncio
import json
import os
import random
import re
import time
import uuid
import zlib
from urllib.parse import parse_qsl

from mitmproxy import ctx, http

CONTROL_PREFIX = "/__fault-proxy/"
SERVICES = ("s3", "dynamodb", "sqs")
FAULTS = ("throttle", "error", "reset", "reset_after", "latency")

# Default status of a code when a rule overrides the code but not the status.
CODE_STATUS = {
    "SlowDown": 503, "ServiceUnavailable": 503, "ServiceUnavailableException": 503,
    "InternalError": 500, "InternalFailure": 500, "InternalServerError": 500,
    "ProvisionedThroughputExceededException": 400, "ThrottlingException": 400,
    "Throttling": 400, "RequestThrottled": 400, "RequestLimitExceeded": 400,
    "TooManyRequestsException": 429, "RequestTimeout": 400, "AccessDenied": 403,
    "AccessDeniedException": 400, "ValidationException": 400, "NoSuchKey": 404,
    "ResourceNotFoundException": 400,
}

# (default code, default status, message) per service and fault kind.
DEFAULTS = {
    ("s3", "throttle"): ("SlowDown", 503, "Please reduce your request rate."),
    ("s3", "error"): ("InternalError", 500, "We encountered an internal error. Please try again."),
    ("dynamodb", "throttle"): (
        "ProvisionedThroughputExceededException", 400,
        "The level of configured provisioned throughput for the table was exceeded. "
        "Consider increasing your provisioning level with the UpdateTable API."),
    ("dynamodb", "error"): ("InternalServerError", 500, "Internal server error"),
    ("sqs", "throttle"): ("Throttling", 400, "Rate exceeded"),
    ("sqs", "error"): ("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
}

# Default mitmproxy addons that a plain-HTTP reverse proxy with this addon never uses.
UNNEEDED_ADDONS = {
    "Browser", "Block", "BlockList", "AntiCache", "AntiComp", "ClientPlayback", "CommandHistory",
    "Comment", "Cut", "Export", "Onboarding", "ProxyAuth", "DnsResolver", "ServerPlayback",
    "MapRemote", "MapLocal", "ModifyBody", "ModifyHeaders", "StickyAuth", "StickyCookie", "Save",
    "UpstreamAuth", "Dumper", "ReadFileStdin",
}

_IP_HOST = re.compile(r"^[0-9.]+$|^\[")
# bucket.s3.amazonaws.com, bucket.s3.us-east-1.amazonaws.com, bucket.s3-us-west-2.amazonaws.com
_VIRTUAL_HOST = re.compile(r"^[^.]+\.s3[.-]")


def _now():
    return time.time()


class FaultProxy:
    def __init__(self):
        state = os.environ.get("FLEET_STATE_DIR", ".fleet")
        self.path = os.environ.get("FAULT_PROXY_RULES") or os.path.join(state, "fault-proxy-rules.json")
        seed = os.environ.get("FAULT_PROXY_SEED")
        self.random = random.Random(int(seed)) if seed else random.Random()
        self.rules = []
        self.rules_sig = None      # (mtime_ns, size, inode) of the file the rules came from
        self.rules_error = None
        self.rules_loaded_at = None
        self.started_at = _now()
        self.reset_counters()

    def load(self, loader):
        self.reload(force=True)

    def running(self):
        # mitmproxy calls every hook of every addon for each of the ~20 events of a
        # request, and that dispatch is most of its CPU per request. A reverse proxy in
        # front of moto needs none of the interactive or rewriting addons, so drop them
        # (after start-up, so that their options are registered and parsed).
        # FAULT_PROXY_SLIM=0 keeps mitmproxy's full set.
        if os.environ.get("FAULT_PROXY_SLIM", "1") != "0":
            asyncio.get_event_loop().call_soon(self._slim)

    @staticmethod
    def _slim():
        removed = []
        for addon in list(ctx.master.addons.chain):
            if type(addon).__name__ in UNNEEDED_ADDONS:
                ctx.master.addons.remove(addon)
                removed.append(type(addon).__name__)
        ctx.log.warn(f"[fault-proxy] {len(ctx.master.addons.chain)} mitmproxy addons active; removed {len(removed)}")

    # --- rules -----------------------------------------------------------------------

    def reload(self, force=False):
        """Re-reads the rules when the file changed; one stat() per request otherwise."""
        try:
            st = os.stat(self.path)
            sig = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:  # missing (or unreadable) file: no rules
            sig = None
        if sig == self.rules_sig and not force:
            return
        self.rules_sig = sig
        if sig is None:
            self._install([], None)
            return
        try:
            with open(self.path, encoding="utf-8") as f:
                doc = json.load(f)
            if isinstance(doc, list):  # a bare list of rules is accepted too
                doc = {"rules": doc}
            rules = [self._validate(i, r) for i, r in enumerate(doc.get("rules", []))]
        except (OSError, ValueError, TypeError, AttributeError) as e:
            # Keep the previous rules: a half-edited file must not silently clear faults.
            self.rules_error = f"{self.path}: {e}"
            ctx.log.warn(f"[fault-proxy] rules not loaded, keeping {len(self.rules)} previous: {self.rules_error}")
            return
        self._install(rules, None)

    def _install(self, rules, error):
        self.rules = rules
        self.rules_error = error
        self.rules_loaded_at = _now()
        # Per-rule counters belong to one rule set.
        self.rule_counts = [{"seen": 0, "injected": 0} for _ in rules]
        ctx.log.warn(f"[fault-proxy] {len(rules)} rule(s) active from {self.path}")

    @staticmethod
    def _validate(i, r):
        if not isinstance(r, dict):
            raise ValueError(f"rule {i} is not an object")
        service = r.get("service", "any")
        if service not in SERVICES + ("any",):
            raise ValueError(f"rule {i}: service {service!r} is not one of s3, dynamodb, sqs, any")
        fault = r.get("fault")
        if fault not in FAULTS:
            raise ValueError(f"rule {i}: fault {fault!r} is not one of {', '.join(FAULTS)}")
        rate = float(r.get("rate", 1.0))
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rule {i}: rate {rate} is outside 0.0-1.0")
        ops = r.get("operation")
        if isinstance(ops, str):
            ops = {ops}
        elif ops is not None:
            ops = set(ops)
        latency = float(r.get("latency_ms", 0))
        if fault == "latency" and latency <= 0:
            raise ValueError(f"rule {i}: latency needs latency_ms > 0")
        status = r.get("status")
        return {
            "raw": r, "service": service, "operations": ops, "fault": fault, "rate": rate,
            "latency_s": latency / 1000.0, "code": r.get("code"),
            "status": int(status) if status is not None else None,
        }

    # --- counters --------------------------------------------------------------------

    def reset_counters(self):
        self.service_counts = {}
        self.rule_counts = [{"seen": 0, "injected": 0} for _ in getattr(self, "rules", [])]
        self.counters_since = _now()

    def _count(self, service, operation, fault):
        s = self.service_counts.get(service)
        if s is None:
            s = self.service_counts[service] = {"requests": 0, "faults": 0, "by_fault": {}, "operations": {}}
        s["requests"] += 1
        o = s["operations"].get(operation)
        if o is None:
            o = s["operations"][operation] = {"requests": 0, "faults": 0}
        o["requests"] += 1
        if fault:
            s["faults"] += 1
            o["faults"] += 1
            s["by_fault"][fault] = s["by_fault"].get(fault, 0) + 1

    def stats(self):
        total_req = sum(s["requests"] for s in self.service_counts.values())
        total_faults = sum(s["faults"] for s in self.service_counts.values())
        return {
            "rules_file": self.path,
            "rules_loaded_at": self.rules_loaded_at,
            "rules_error": self.rules_error,
            "rules": [dict(rule=r["raw"], **c) for r, c in zip(self.rules, self.rule_counts)],
            "services": self.service_counts,
            "total": {"requests": total_req, "faults": total_faults},
            "counters_since": self.counters_since,
            "uptime_s": round(_now() - self.started_at, 3),
        }

    # --- classification --------------------------------------------------------------

    @staticmethod
    def classify(req):
        """(service, operation, protocol) of a request; protocol is json, query or rest-xml."""
        target = req.headers.get("x-amz-target")
        if target:
            prefix, _, op = target.partition(".")
            if prefix.startswith("DynamoDB"):
                return "dynamodb", op, "json"
            if prefix.startswith("AmazonSQS"):
                return "sqs", op, "json"
            return "other", target, "json"
        if req.path.startswith("/moto-api"):
            return "moto", "moto-api", "rest-xml"
        # SQS query protocol: Action= in the query or in a form body.
        action = None
        if "Action=" in req.path:
            action = req.query.get("Action")
        if action is None and req.method == "POST" and \
                "x-www-form-urlencoded" in req.headers.get("content-type", "") and b"Action=" in req.raw_content[:4096]:
            action = dict(parse_qsl(req.raw_content.decode("utf-8", "replace"))).get("Action")
        if action:
            auth = req.headers.get("authorization", "")
            if "/dynamodb/aws4_request" in auth:  # never seen in practice; be exact anyway
                return "dynamodb", action, "query"
            return "sqs", action, "query"
        return "s3", FaultProxy.s3_operation(req), "rest-xml"

    @staticmethod
    def s3_operation(req):
        path = req.path.split("?", 1)[0]
        q = req.query
        host = req.headers.get("host", "").split(":")[0]
        # Virtual-hosted style (bucket.s3.amazonaws.com, bucket.localhost): bucket in the host.
        virtual = bool(_VIRTUAL_HOST.match(host)) or (host.endswith(".localhost") and not _IP_HOST.match(host))
        parts = path.lstrip("/").split("/", 1)
        if virtual:
            bucket, key = host.split(".", 1)[0], path.lstrip("/")
        else:
            bucket = parts[0]
            key = parts[1] if len(parts) > 1 else ""
        m = req.method
        if not bucket:
            return "ListBuckets"
        if not key:
            sub = next((k for k in ("notification", "versioning", "policy", "acl", "cors", "lifecycle",
                                    "tagging", "location", "encryption", "website", "uploads", "delete")
                        if k in q), None)
            if m == "GET":
                if sub == "location":
                    return "GetBucketLocation"
                if sub == "notification":
                    return "GetBucketNotificationConfiguration"
                if sub == "uploads":
                    return "ListMultipartUploads"
                if sub:
                    return "GetBucket" + sub.capitalize()
                if q.get("list-type") == "2":
                    return "ListObjectsV2"
                if "versions" in q:
                    return "ListObjectVersions"
                return "ListObjects"
            if m == "PUT":
                if sub == "notification":
                    return "PutBucketNotificationConfiguration"
                return "PutBucket" + sub.capitalize() if sub else "CreateBucket"
            if m == "DELETE":
                return "DeleteBucket" + sub.capitalize() if sub else "DeleteBucket"
            if m == "HEAD":
                return "HeadBucket"
            if m == "POST" and sub == "delete":
                return "DeleteObjects"
            return m + "Bucket"
        if m == "GET":
            for sub, op in (("tagging", "GetObjectTagging"), ("acl", "GetObjectAcl"),
                            ("uploadId", "ListParts"), ("attributes", "GetObjectAttributes")):
                if sub in q:
                    return op
            return "GetObject"
        if m == "PUT":
            if "uploadId" in q and "partNumber" in q:
                return "UploadPartCopy" if "x-amz-copy-source" in req.headers else "UploadPart"
            if "tagging" in q:
                return "PutObjectTagging"
            if "acl" in q:
                return "PutObjectAcl"
            return "CopyObject" if "x-amz-copy-source" in req.headers else "PutObject"
        if m == "HEAD":
            return "HeadObject"
        if m == "DELETE":
            return "AbortMultipartUpload" if "uploadId" in q else "DeleteObject"
        if m == "POST":
            if "uploads" in q:
                return "CreateMultipartUpload"
            if "uploadId" in q:
                return "CompleteMultipartUpload"
            if "restore" in q:
                return "RestoreObject"
        return m + "Object"

    # --- fault answers ---------------------------------------------------------------

    @staticmethod
    def error_response(service, protocol, fault, rule, method):
        code, status, message = DEFAULTS[(service, fault)]
        if rule["code"]:
            code = rule["code"]
            status = CODE_STATUS.get(code, status)
            message = f"Injected {code} (fault-proxy)"
        else:
            message += " (injected by fault-proxy)"
        if rule["status"]:
            status = rule["status"]
        request_id = uuid.uuid4().hex.upper()[:16] if service == "s3" else str(uuid.uuid4())
        if service == "s3":
            headers = {"x-amz-request-id": request_id, "x-amz-id-2": "fault-proxy", "Content-Type": "application/xml"}
            if method == "HEAD":
                # HEAD answers carry no body: clients classify by status alone (botocore: code "503").
                return http.Response.make(status, b"", headers)
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                    f"<Error><Code>{code}</Code><Message>{message}</Message>"
                    f"<RequestId>{request_id}</RequestId><HostId>fault-proxy</HostId></Error>").encode()
            return http.Response.make(status, body, headers)
        if protocol == "query":
            # SQS's query protocol (and any other query-protocol service).
            kind = "Sender" if status < 500 else "Receiver"
            body = ('<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">'
                    f"<Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message><Detail/></Error>"
                    f"<RequestId>{request_id}</RequestId></ErrorResponse>").encode()
            return http.Response.make(status, body, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id})
        # JSON protocols (DynamoDB, SQS since 2023).
        if service == "dynamodb":
            ns = "com.amazon.coral.availability#" if code == "ThrottlingException" else "com.amazonaws.dynamodb.v20120810#"
        else:
            ns = "com.amazonaws.sqs#"
        # SQS's JSON errors name the query-protocol-style type (ThrottlingException for Throttling).
        json_code = "ThrottlingException" if (service == "sqs" and code == "Throttling") else code
        body = json.dumps({"__type": ns + json_code, "message": message}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": request_id}
        if service == "dynamodb":
            # botocore checks the CRC of DynamoDB answers when the header is there, as real DynamoDB sends it.
            headers["x-amz-crc32"] = str(zlib.crc32(body) & 0xFFFFFFFF)
        if service == "sqs":
            # awsQueryCompatible: botocore reports this code rather than __type.
            headers["x-amzn-query-error"] = f"{code};{'Sender' if status < 500 else 'Receiver'}"
        return http.Response.make(status, body, headers)

    # --- hooks -----------------------------------------------------------------------

    def _control(self, flow):
        path = flow.request.path.split("?", 1)[0]
        if path == CONTROL_PREFIX + "health":
            self.reload()
            body, status = {"ok": True, "rules": len(self.rules), "rules_error": self.rules_error}, 200
        elif path == CONTROL_PREFIX + "stats":
            self.reload()
            body, status = self.stats(), 200
        elif path == CONTROL_PREFIX + "reset" and flow.request.method == "POST":
            self.reset_counters()
            body, status = {"ok": True}, 200
        else:
            body, status = {"error": "unknown fault-proxy path"}, 404
        flow.response = http.Response.make(status, json.dumps(body, indent=1).encode(),
                                           {"Content-Type": "application/json"})

    async def request(self, flow: http.HTTPFlow):
        req = flow.request
        if req.path.startswith(CONTROL_PREFIX):
            self._control(flow)
            return
        self.reload()
        service, operation, protocol = self.classify(req)
        applied = None
        if service not in SERVICES:
            # moto's own API (/moto-api) and unknown targets are never faulted.
            self._count(service, operation, None)
            return
        for i, rule in enumerate(self.rules):
            if rule["service"] != "any" and rule["service"] != service:
                continue
            if rule["operations"] is not None and operation not in rule["operations"]:
                continue
            counts = self.rule_counts[i]
            counts["seen"] += 1
            if rule["rate"] < 1.0 and self.random.random() >= rule["rate"]:
                continue
            counts["injected"] += 1
            applied = rule
            break
        fault = applied["fault"] if applied else None
        self._count(service, operation, fault)
        if applied is None:
            return
        if fault == "latency":
            # Awaited, so other flows go on meanwhile; then the request passes through.
            await asyncio.sleep(applied["latency_s"])
        elif fault == "reset":
            flow.kill()
        elif fault == "reset_after":
            flow.metadata["fault_proxy_kill_response"] = True
        else:
            flow.response = self.error_response(service, protocol, fault, applied, req.method)

    def response(self, flow: http.HTTPFlow):
        if flow.metadata.get("fault_proxy_kill_response") and flow.killable:
            flow.kill()


addons = [FaultProxy()]
