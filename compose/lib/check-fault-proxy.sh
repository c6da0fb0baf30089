#!/usr/bin/env bash
# Checks compose/lib/fault-proxy.sh and its addon against the running stack's moto
# (AWS_ENDPOINT_URL): a real AWS client (boto3, retries off) must see each injected fault
# as the real service's error (SlowDown, ProvisionedThroughputExceededException,
# ThrottlingException, InternalError/500, a connection error for reset, the added
# latency), rate 0.3 must fault about 30% of calls, and with no rules every call passes.
# It also measures what the proxy costs per request (latency and CPU) against moto direct.
#
# It runs its own proxy instance (port FAULT_PROXY_CHECK_PORT, default 5101, state under
# $FLEET_STATE_DIR/fault-proxy-check) so that it never changes the rules of a proxy a
# chaos run is using, and stops it at the end. Exits non-zero on any failure.
#   bash compose/lib/check-fault-proxy.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

moto_url=$AWS_ENDPOINT_URL
check_state=$FLEET_STATE_DIR/fault-proxy-check
check_port=${FAULT_PROXY_CHECK_PORT:-5101}
py=$FLEET_VENV/bin/python
[ -x "$py" ] || { echo "no $py: run bash compose/lib/install.sh" >&2; exit 1; }
curl -fsS -m 3 -o /dev/null "$moto_url/moto-api/" || { echo "no moto at $moto_url (start the stack first)" >&2; exit 1; }

# One environment for every fault-proxy.sh call of this check.
fp() {
  FLEET_STATE_DIR=$check_state FAULT_PROXY_PORT=$check_port FAULT_PROXY_UPSTREAM=$moto_url \
    FAULT_PROXY_RULES=$check_state/rules.json bash "$here/fault-proxy.sh" "$@"
}
fp start
trap 'fp stop' EXIT
proxy_pid=$(cat "$check_state/pids/fault-proxy.pid")
# moto's pid, when the stack recorded it (or MOTO_PID), to put the proxy's CPU beside moto's.
moto_pid=${MOTO_PID:-$(cat "$FLEET_STATE_DIR/pids/aws.pid" 2>/dev/null || true)}

FP_SCRIPT="$here/fault-proxy.sh" FP_STATE=$check_state FP_PORT=$check_port MOTO_URL=$moto_url \
PROXY_URL="http://127.0.0.1:$check_port" PROXY_PID=$proxy_pid MOTO_PID=$moto_pid "$py" - <<'EOF'
import json, os, statistics, subprocess, sys, threading, time, urllib.parse, urllib.request, uuid
import xml.etree.ElementTree as ET
import boto3, botocore.exceptions
from botocore.config import Config

MOTO, PROXY = os.environ["MOTO_URL"], os.environ["PROXY_URL"]
PID = int(os.environ["PROXY_PID"])
MOTO_PID = int(os.environ["MOTO_PID"]) if os.environ.get("MOTO_PID") else None
env = dict(os.environ, FLEET_STATE_DIR=os.environ["FP_STATE"], FAULT_PROXY_PORT=os.environ["FP_PORT"],
           FAULT_PROXY_UPSTREAM=MOTO, FAULT_PROXY_RULES=os.environ["FP_STATE"] + "/rules.json")
failures = []

def ok(cond, what):
    print(("  ok    " if cond else "  FAIL  ") + what)
    if not cond:
        failures.append(what)

def set_rules(*rules):
    subprocess.run(["bash", os.environ["FP_SCRIPT"], "set", json.dumps({"rules": list(rules)})], env=env, check=True)
    reset_stats()

def reset_stats():
    urllib.request.urlopen(urllib.request.Request(PROXY + "/__fault-proxy/reset", method="POST"), timeout=5).read()

def stats():
    return json.load(urllib.request.urlopen(PROXY + "/__fault-proxy/stats", timeout=5))

# Retries off: the client must see the very first answer.
cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=3, read_timeout=10,
             s3={"addressing_style": "path"})
def clients(url):
    kw = dict(endpoint_url=url, region_name=os.environ.get("AWS_REGION", "us-east-1"), config=cfg,
              aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
              aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"))
    return boto3.client("s3", **kw), boto3.client("dynamodb", **kw), boto3.client("sqs", **kw)
s3d, ddbd, sqsd = clients(MOTO)
s3, ddb, sqs = clients(PROXY)

def outcome(call):
    """'ok', the error code botocore reports (with status), or 'connection' for no answer."""
    try:
        call()
        return "ok"
    except botocore.exceptions.ClientError as e:
        return "%s/%s" % (e.response["Error"].get("Code"), e.response["ResponseMetadata"].get("HTTPStatusCode"))
    except (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError) as e:
        return "connection:" + type(e).__name__

# Resources of this check only, on moto direct.
tag = uuid.uuid4().hex[:8]
bucket, table, queue = f"fp-check-{tag}", f"fp-check-{tag}", f"fp-check-{tag}"
s3d.create_bucket(Bucket=bucket)
s3d.put_object(Bucket=bucket, Key="a.json", Body=b'{"invoice": 1}')
ddbd.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                  KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                  AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
qurl = sqsd.create_queue(QueueName=queue)["QueueUrl"]
# Through the proxy the queue URL must name the proxy (moto answers with its own host).
qurl_proxy = PROXY + urllib.parse.urlparse(qurl).path

get = lambda: s3.get_object(Bucket=bucket, Key="a.json")["Body"].read()
put = lambda: s3.put_object(Bucket=bucket, Key="b.json", Body=b"{}")
head = lambda: s3.head_object(Bucket=bucket, Key="a.json")
lst = lambda: s3.list_objects_v2(Bucket=bucket)
dele = lambda: s3.delete_object(Bucket=bucket, Key="b.json")
putitem = lambda: ddb.put_item(TableName=table, Item={"pk": {"S": "x"}})
getitem = lambda: ddb.get_item(TableName=table, Key={"pk": {"S": "x"}})
batch = lambda: ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": {"S": f"b{i}"}}}} for i in range(3)]})
send = lambda: sqs.send_message(QueueUrl=qurl_proxy, MessageBody="m")
recv = lambda: sqs.receive_message(QueueUrl=qurl_proxy, MaxNumberOfMessages=1, WaitTimeSeconds=0)

def sqs_query(action, **params):
    """An SQS query-protocol request (form body, XML answer): (status, code or None)."""
    body = urllib.parse.urlencode(dict(Action=action, Version="2012-11-05", **params)).encode()
    req = urllib.request.Request(PROXY + "/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, None
    except urllib.error.HTTPError as e:
        doc = ET.fromstring(e.read())
        code = doc.find(".//{*}Error/{*}Code")
        return e.code, code.text if code is not None else None

print("no rules: every call passes, operations named")
set_rules()
calls = dict(GetObject=get, PutObject=put, HeadObject=head, ListObjectsV2=lst, DeleteObject=dele,
             PutItem=putitem, GetItem=getitem, BatchWriteItem=batch, SendMessage=send, ReceiveMessage=recv)
results = {op: [outcome(c) for _ in range(5)] for op, c in calls.items()}
ok(all(r == ["ok"] * 5 for r in results.values()), f"50 calls through the proxy pass: {results}")
st = stats()
for svc, ops in (("s3", ["GetObject", "PutObject", "HeadObject", "ListObjectsV2", "DeleteObject"]),
                 ("dynamodb", ["PutItem", "GetItem", "BatchWriteItem"]), ("sqs", ["SendMessage", "ReceiveMessage"])):
    seen = st["services"].get(svc, {}).get("operations", {})
    ok(all(seen.get(o, {}).get("requests") == 5 for o in ops), f"{svc} requests counted per operation: {sorted(seen)}")
ok(st["total"]["faults"] == 0, "no faults counted")
ok(sqs_query("ListQueues")[0] == 200, "SQS query protocol passes")

print("one kind of fault at a time (rate 1)")
cases = [
    ({"service": "s3", "operation": "GetObject", "fault": "throttle"}, get, "SlowDown/503"),
    ({"service": "s3", "operation": "GetObject", "fault": "error"}, get, "InternalError/500"),
    ({"service": "s3", "operation": "PutObject", "fault": "throttle"}, put, "SlowDown/503"),
    ({"service": "s3", "operation": "HeadObject", "fault": "throttle"}, head, "503/503"),  # HEAD: no body
    ({"service": "s3", "operation": "ListObjectsV2", "fault": "error", "code": "ServiceUnavailable"}, lst, "ServiceUnavailable/503"),
    ({"service": "dynamodb", "operation": "BatchWriteItem", "fault": "throttle"}, batch, "ProvisionedThroughputExceededException/400"),
    ({"service": "dynamodb", "operation": "PutItem", "fault": "throttle", "code": "ThrottlingException"}, putitem, "ThrottlingException/400"),
    ({"service": "dynamodb", "fault": "error"}, getitem, "InternalServerError/500"),
    ({"service": "sqs", "operation": "ReceiveMessage", "fault": "throttle"}, recv, "Throttling/400"),
    ({"service": "sqs", "operation": "SendMessage", "fault": "error"}, send, "ServiceUnavailable/503"),
    ({"service": "s3", "operation": "GetObject", "fault": "reset"}, get, "connection:"),
    ({"service": "dynamodb", "operation": "BatchWriteItem", "fault": "reset"}, batch, "connection:"),
    ({"service": "sqs", "operation": "ReceiveMessage", "fault": "reset"}, recv, "connection:"),
]
for rule, call, want in cases:
    set_rules(rule)
    got = outcome(call)
    ok(got.startswith(want), f"{json.dumps(rule)} -> {got}")
# The operation filter: other operations of the same service pass.
set_rules({"service": "s3", "operation": "GetObject", "fault": "throttle"})
ok(outcome(put) == "ok" and outcome(getitem) == "ok", "GetObject rule leaves PutObject and DynamoDB alone")
st = stats()
ok(st["rules"][0]["seen"] == 0 and st["services"]["s3"]["requests"] == 1, "rule counters count only matching requests")

# DynamoDB's JSON error body as botocore read it (type, message, CRC header accepted).
set_rules({"service": "dynamodb", "fault": "throttle"})
try:
    getitem()
except botocore.exceptions.ClientError as e:
    ok("provisioned throughput" in e.response["Error"]["Message"], "DynamoDB error message parsed: " + e.response["Error"]["Message"][:60])

print("SQS query protocol answers in XML")
set_rules({"service": "sqs", "operation": "ListQueues", "fault": "throttle"})
ok(sqs_query("ListQueues") == (400, "Throttling"), f"query throttle -> {sqs_query('ListQueues')}")
set_rules({"service": "sqs", "operation": "ListQueues", "fault": "error"})
ok(sqs_query("ListQueues") == (503, "ServiceUnavailable"), f"query error -> {sqs_query('ListQueues')}")

print("reset_after: moto applies the request, the client gets no answer")
set_rules({"service": "dynamodb", "operation": "PutItem", "fault": "reset_after"})
got = outcome(lambda: ddb.put_item(TableName=table, Item={"pk": {"S": "after"}}))
ok(got.startswith("connection:"), f"PutItem -> {got}")
ok("Item" in ddbd.get_item(TableName=table, Key={"pk": {"S": "after"}}), "the item was written nevertheless")

print("latency: added, and other flows are not blocked")
set_rules()
def timed(call, n):
    out = []
    for _ in range(n):
        t = time.perf_counter(); call(); out.append(time.perf_counter() - t)
    return out
base = statistics.median(timed(get, 10))
set_rules({"service": "s3", "operation": "GetObject", "fault": "latency", "latency_ms": 300})
slow = statistics.median(timed(get, 5))
ok(0.29 <= slow - base <= 0.45, f"GetObject median {base*1000:.0f} ms -> {slow*1000:.0f} ms with latency_ms 300")
ok(max(timed(getitem, 5)) < 0.25, "DynamoDB calls meanwhile are not delayed")
threads, t0 = [threading.Thread(target=get) for _ in range(8)], time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - t0
ok(wall < 1.2, f"8 concurrent delayed GetObject took {wall*1000:.0f} ms (serialised would be >= 2400)")

print("rate 0.3 faults about 30%, and the counters agree with the client")
set_rules({"service": "dynamodb", "operation": "GetItem", "fault": "throttle", "rate": 0.3},
          {"service": "dynamodb", "operation": "GetItem", "fault": "error", "rate": 0.0})
n = 400
res = [outcome(getitem) for _ in range(n)]
faulted = sum(r.startswith("ProvisionedThroughputExceededException") for r in res)
others = [r for r in res if r != "ok" and not r.startswith("ProvisionedThroughput")]
ok(abs(faulted / n - 0.3) <= 0.08 and not others, f"{faulted}/{n} = {faulted/n:.1%} throttled (0.3 +- 0.08), others: {others[:3]}")
st = stats()
ok(st["rules"][0]["seen"] == n and st["rules"][0]["injected"] == faulted, f"rule 0 counters {st['rules'][0]['seen']}/{st['rules'][0]['injected']}")
ok(st["rules"][1]["seen"] == n - faulted and st["rules"][1]["injected"] == 0, "rule 1 sees only what rule 0 let through, rate 0 never fires")
ok(st["services"]["dynamodb"]["by_fault"].get("throttle") == faulted, "service counters agree")

print("bad rules are refused and never clear the active ones")
bad = subprocess.run(["bash", os.environ["FP_SCRIPT"], "set", '{"rules":[{"service":"s4","fault":"throttle"}]}'],
                     env=env, capture_output=True)
ok(bad.returncode != 0, "fault-proxy.sh set refuses service s4")
with open(env["FAULT_PROXY_RULES"] + ".tmp", "w") as f:
    f.write('{"rules": [')
os.replace(env["FAULT_PROXY_RULES"] + ".tmp", env["FAULT_PROXY_RULES"])
st = stats()
ok(st["rules_error"] and len(st["rules"]) == 2, "a half-written file keeps the previous rules: " + str(st["rules_error"])[:70])
subprocess.run(["bash", os.environ["FP_SCRIPT"], "clear"], env=env, check=True)
ok(outcome(getitem) == "ok" and stats()["rules"] == [], "clear: no rules, calls pass")

print("overhead per request (no rules), sequential, small objects")
def cpu_of_session(pid):
    """utime+stime (s) of every process in the proxy's session."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(f[3]) == pid or int(p) == pid:  # f[3] is the session id
                total += int(f[11]) + int(f[12])
    return total / tick
s3d_get = lambda: s3d.get_object(Bucket=bucket, Key="a.json")["Body"].read()
ddbd_get = lambda: ddbd.get_item(TableName=table, Key={"pk": {"S": "x"}})
N = 300
report = {}
for name, direct, proxied in (("S3 GetObject", s3d_get, get), ("DynamoDB GetItem", ddbd_get, getitem)):
    timed(direct, 20); timed(proxied, 20)  # warm connections and caches
    m0 = cpu_of_session(MOTO_PID) if MOTO_PID else 0
    d = timed(direct, N)
    moto_cpu = (cpu_of_session(MOTO_PID) - m0) / N if MOTO_PID else None
    c0 = cpu_of_session(PID)
    p = timed(proxied, N)
    cpu = (cpu_of_session(PID) - c0) / N
    dm, pm = statistics.median(d), statistics.median(p)
    dp95, pp95 = sorted(d)[int(N * .95)], sorted(p)[int(N * .95)]
    report[name] = dict(direct_p50_ms=round(dm * 1000, 2), proxy_p50_ms=round(pm * 1000, 2),
                        added_p50_ms=round((pm - dm) * 1000, 2), direct_p95_ms=round(dp95 * 1000, 2),
                        proxy_p95_ms=round(pp95 * 1000, 2), proxy_cpu_ms_per_request=round(cpu * 1000, 2),
                        moto_cpu_ms_per_request=round(moto_cpu * 1000, 2) if moto_cpu is not None else None)
    print(f"  {name}: direct p50 {dm*1000:.2f} ms p95 {dp95*1000:.2f} | proxy p50 {pm*1000:.2f} ms p95 {pp95*1000:.2f} "
          f"| added p50 {(pm-dm)*1000:.2f} ms | proxy CPU {cpu*1000:.2f} ms/request"
          + (f" (moto {moto_cpu*1000:.2f})" if moto_cpu is not None else ""))

# Throughput with 8 concurrent clients (boto3 clients are thread-safe): mitmproxy is one
# Python thread, so under load it can become the ceiling instead of moto.
def rate(call, threads=8, per_thread=40):
    def work():
        for _ in range(per_thread): call()
    ts = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    return threads * per_thread / (time.perf_counter() - t0)
rd, rp = rate(s3d_get), rate(get)
report["S3 GetObject 8 concurrent"] = dict(direct_per_s=round(rd), proxy_per_s=round(rp))
print(f"  S3 GetObject, 8 concurrent: direct {rd:.0f}/s, through the proxy {rp:.0f}/s")
print("OVERHEAD " + json.dumps(report))

# Clean up this check's resources.
for key in ("a.json", "b.json"):
    s3d.delete_object(Bucket=bucket, Key=key)
s3d.delete_bucket(Bucket=bucket)
ddbd.delete_table(TableName=table)
sqsd.delete_queue(QueueUrl=qurl)

if failures:
    print(f"\n{len(failures)} check(s) FAILED:")
    for f in failures:
        print("  - " + f)
    sys.exit(1)
print("\nfault-proxy: all checks passed")
EOF
