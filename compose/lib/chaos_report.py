"""The chaos run's analysis and report (imported by compose/lib/chaos.py; Python 3
standard library only).

Per fault: when it recovered (see "Lag and recovery" in chaos.py), the peak lag, and per
worker kill the rebalance and the time until its partitions move again. For the run: the
load test's outcomes classified (lost, wrong, transient dead letters), per lost invoice
whether the table stored it, the reconcile of the run's prefix, each component's health
after the faults, and the report as text on stdout (print_text).
"""

import datetime
import json
import os
import re
import subprocess
import urllib.request

# Dead-letter codes that name an infrastructure failure, never a property of the file:
# the fleet must retry these (with unlimited retries) rather than dead-letter them.
TRANSIENT_CODES = {"s3_unavailable", "dynamodb_unavailable"}
# Codes that a fault can cause only by misclassifying it (an injected 5xx or throttle
# read as a refusal): counted with the transient ones.
INFRASTRUCTURE_CODES = TRANSIENT_CODES | {"fetch_failed", "write_rejected", "object_not_found",
                                          "invalid_notification", "invalid_event_record", "invalid_event"}


def restart_after(child, t):
    return next((s for s in child.starts if s > t), None)


def analyse_fault(fault, supervisor, observer, args, horizon):
    """Adds recovery figures to one fault (in place)."""
    if fault.get("skipped") or "startedAt" not in fault:
        return
    kind = fault["kind"]
    end = fault.get("endedAt") or fault["startedAt"]
    moving_at = None
    if kind in ("kill-worker", "kill-relay"):
        child = supervisor.children[fault["target"]]
        restarted = restart_after(child, fault["startedAt"])
        fault["restartedAt"] = restarted
        if restarted:
            end = restarted
            fault["endedAt"] = restarted
        if kind == "kill-worker":
            assigned = [e for e in child.assigned_events if restarted and e[0] >= restarted]
            fault["partitionsAssignedAt"] = assigned[0][0] if assigned else None
            fault["partitionsAssignedToRestarted"] = assigned[0][2] if assigned else None
            others = [(e[0], n) for n, c in supervisor.children.items() if n != fault["target"]
                      for e in c.assigned_events if e[0] >= fault["startedAt"]]
            fault["firstRebalanceElsewhereAt"] = min(others)[0] if others else None
            moving_at = partitions_moving(fault, observer)
            fault["partitionsMovingAt"] = moving_at
    fault["recoveredAt"] = None
    start_search = max(end, moving_at or 0)
    for s in observer.samples_since(start_search):
        if recovered(s, observer.uploads_done_at, args):
            fault["recoveredAt"] = s["t"]
            break
    if fault["recoveredAt"] is not None:
        fault["recoveredAfterSeconds"] = round(fault["recoveredAt"] - end, 1)
    # Peak lag during and after the fault, until recovered.
    window = [s for s in observer.samples_since(fault["startedAt"])
              if s["t"] <= (fault["recoveredAt"] or horizon) and s.get("total") is not None]
    fault["peakLag"] = max((s["total"] for s in window), default=None)
    fault["unknownLagSamples"] = len([s for s in observer.samples_since(fault["startedAt"])
                                      if s["t"] <= (fault["recoveredAt"] or horizon) and s.get("total") is None])


def recovered(s, uploads_done_at, args):
    """Under load: the total lag at or below the threshold. After the last upload: nothing
    left to relay or consume (Kafka lag and visible queue messages both 0; messages held
    in flight by a killed relay come back after the visibility timeout and count then)."""
    if s.get("total") is None:
        return False
    if uploads_done_at is None or s["t"] < uploads_done_at:
        return s["total"] <= args.lag_threshold
    if s.get("kafkaLag") is None:          # the progress stand-in: uploaded - accounted
        return s["total"] == 0
    return s["kafkaLag"] + (s.get("queueVisible") or 0) == 0


def partitions_moving(fault, observer):
    """First sample after the kill in which every partition the worker held has its
    committed offset past its value at the kill (or nothing to do: caught up, no new
    records)."""
    held = fault.get("partitionsHeld") or []
    # The baseline: the first sample taken wholly after the kill (the dead worker can
    # commit nothing after it), so any later advance is a new owner's.
    after = [s for s in observer.samples_since(fault["startedAt"]) if s.get("committed")]
    if not held or not after:
        return None
    base = after[0]
    c0, e0 = base.get("committed") or {}, base.get("end") or {}
    first = {}
    for s in after[1:]:
        c, e = s.get("committed"), s.get("end")
        for p in held:
            if p in first or c.get(p) is None:
                continue
            was, now_c, end = c0.get(p), c.get(p), e.get(p)
            if was is None or now_c > was or (now_c == end and end == e0.get(p)):
                first[p] = s["t"]
        if len(first) == len(held):
            break
    fault["partitionMovingAfterKillSeconds"] = {str(p): round(t - fault["startedAt"], 1) for p, t in sorted(first.items())}
    return max(first.values()) if len(first) == len(held) else None


def classify_loadtest(report):
    out = report.get("outcomes", {})
    mismatches = report.get("mismatches", [])
    transient = []
    wrong = []
    for m in mismatches:
        if m.get("kind") not in ("wrong_outcome", "conflicting", "unexpected"):
            continue
        observed = m.get("observed") or ""
        codes = set(re.findall(r"deadLettered\(([a-z0-9_]+)", observed))
        if codes & INFRASTRUCTURE_CODES:
            transient.append(m)
        else:
            wrong.append(m)
    return {
        "expected": out.get("expected"), "stored": out.get("stored"), "deadLettered": out.get("deadLettered"),
        "lost": out.get("missing", 0),
        "wrongOutcomes": out.get("wrongOutcome", 0) + out.get("conflicting", 0) + out.get("unexpected", 0),
        "transientDeadLetters": len(transient),
        "wrongOutcomesOtherThanTransient": len(wrong),
        "duplicates": out.get("duplicates", 0),
        "uploadFailures": report.get("uploads", {}).get("failed", 0),
        "latencyMilliseconds": report.get("latencyMilliseconds"),
        "examples": [f"{m.get('kind')}: {m.get('key')} expected {m.get('expected')} observed {m.get('observed')}"
                     for m in (transient + wrong)[:10]],
        "passed": report.get("passed"),
        "timedOut": report.get("run", {}).get("timedOut"),
    }


def stored_at(args, access_key):
    """The table item's storedAt (moto accepts an unsigned-looking request), or None."""
    body = json.dumps({"TableName": os.environ.get("INVOICE_TABLE", "Invoices"),
                       "Key": {"pk": {"S": access_key}}, "ProjectionExpression": "storedAt, workerId"}).encode()
    region = os.environ.get("AWS_REGION", "us-east-1")
    req = urllib.request.Request(args.aws_endpoint + "/", data=body, method="POST", headers={
        "X-Amz-Target": "DynamoDB_20120810.GetItem", "Content-Type": "application/x-amz-json-1.0",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=chaos/20260101/{region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            item = json.load(r).get("Item") or {}
        return (item.get("storedAt") or {}).get("S")
    except Exception:
        return None


def lost_details(args, report, faults):
    """Per lost invoice: whether the table has it, when it was stored, and which faults were
    active then (a stored invoice without its outcome record lost the record, not the write)."""
    out = []
    for m in report.get("mismatches", []):
        if m.get("kind") != "missing":
            continue
        key = re.search(r"stored\((\d{44})\)", m.get("expected") or "")
        entry = {"key": m.get("key"), "expected": m.get("expected")}
        if key:
            at = stored_at(args, key.group(1))
            entry["storedAt"] = at
            if at:
                t = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
                entry["faultsActive"] = [f"{f['index']} {f['kind']}" for f in faults if "startedAt" in f
                                         and f["startedAt"] - 1 <= t <= (f.get("endedAt") or f["startedAt"]) + 2]
        out.append(entry)
        if len(out) >= 20:
            break
    return out


def reconcile(args, prefix):
    env = dict(os.environ, AWS_ENDPOINT_URL=args.aws_endpoint)
    try:
        out = subprocess.run([args.binary, "reconcile", "--prefix", prefix, "--json"], env=env,
                             capture_output=True, text=True, timeout=args.reconcile_timeout)
    except subprocess.TimeoutExpired:
        return {"exitCode": None, "error": f"reconcile did not finish within {args.reconcile_timeout:g} s"}
    result = {"exitCode": out.returncode}
    try:
        doc = json.loads(out.stdout)
    except ValueError:
        result["error"] = (out.stderr.strip() or out.stdout.strip())[-500:]
        return result
    if not isinstance(doc, dict):
        result["error"] = "unexpected reconcile output"
        return result
    dead = doc.get("deadLettered") or []
    codes = {}
    for o in dead:
        codes[o.get("code")] = codes.get(o.get("code"), 0) + 1
    result.update(checked=doc.get("checked"), states=doc.get("counts"), deadLetterCodes=codes,
                  transientDeadLetters=sum(n for c, n in codes.items() if c in INFRASTRUCTURE_CODES),
                  missing=[o.get("key") if isinstance(o, dict) else o for o in (doc.get("missing") or [])][:50])
    return result


def health_analysis(child, faults_end, limit, run_end):
    health = [(t, s) for t, s in child.health if t < run_end]
    checks = [(t, s) for t, s in health if t >= faults_end]
    first_ok = next((t for t, s in checks if s == 200), None)
    last = health[-1] if health else (None, None)
    # The longest non-200 stretch after the faults ended.
    longest, since = 0.0, None
    for t, s in checks:
        if s != 200:
            since = since if since is not None else t
            longest = max(longest, t - since)
        else:
            since = None
    ok = first_ok is not None and (first_ok - faults_end) <= limit and longest <= limit and last[1] == 200
    return {"healthyAfterFaultsSeconds": round(first_ok - faults_end, 1) if first_ok else None,
            "longestUnhealthyAfterFaultsSeconds": round(longest, 1), "finalStatus": last[1], "ok": ok}


def rel_iso(text, t_begin):
    if not text:
        return "-"
    t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    return f"{t - t_begin:.1f}"


def percentile_text(lat):
    if not lat:
        return "n/a"
    return f"p50 {lat.get('p50')} ms, p90 {lat.get('p90')} ms, p99 {lat.get('p99')} ms, max {lat.get('max')} ms"


def print_text(doc, t_begin, faults, args):
    def rel(t):
        return f"{t - t_begin:6.1f}" if isinstance(t, (int, float)) else "     -"
    r = doc["run"]
    print()
    print(f"chaos run  {r['id']}: {r['count']} invoices at {r['rate']:g}/s, {r['workers']} workers, "
          f"{r['seconds']} s; lag threshold {r['lagThreshold']:g} ({r['lagSource']}); times in s from the start")
    print(f"           group ready after {r['groupReadyAfterSeconds']} s; load from {rel_iso(r['loadStartedAt'], t_begin)} s, "
          f"last upload at {rel_iso(r['uploadsDoneAt'], t_begin)} s; transient retries {r['transientRetries']}")
    print(f"{'#':>2} {'fault':<18} {'target':<9} {'started':>7} {'ended':>7} {'recov.s':>7} {'peak':>6}  notes")
    for f in faults:
        notes = []
        if f.get("skipped"):
            notes.append("SKIPPED: " + f["skipped"])
        if f.get("error"):
            notes.append("ERROR: " + f["error"])
        if f.get("duration"):
            notes.append(f"{f['duration']} s")
        if f.get("injected"):
            notes.append(f"{f['injected']['faults']}/{f['injected']['requests']} requests faulted")
        if f["kind"] == "kill-worker" and f.get("startedAt"):
            k = f["startedAt"]
            parts = f"held {f.get('partitionsHeld')}"
            if f.get("firstRebalanceElsewhereAt"):
                parts += f", rebalance +{f['firstRebalanceElsewhereAt'] - k:.1f}"
            if f.get("partitionsAssignedAt"):
                parts += f", restarted assigned +{f['partitionsAssignedAt'] - k:.1f}"
            if f.get("partitionsMovingAt"):
                parts += f", moving +{f['partitionsMovingAt'] - k:.1f}"
                if f.get("restartedAt"):
                    parts += f" (restart +{f['partitionsMovingAt'] - f['restartedAt']:.1f})"
            notes.append(parts)
        if f.get("unknownLagSamples"):
            notes.append(f"{f['unknownLagSamples']} lag samples unknown")
        rec = f.get("recoveredAfterSeconds")
        print(f"{f['index']:>2} {f['kind']:<18} {str(f.get('target') or ''):<9} {rel(f.get('startedAt')):>7} "
              f"{rel(f.get('endedAt')):>7} {('%.1f' % rec) if rec is not None else ('-' if f.get('skipped') else 'NO'):>7} "
              f"{str(f.get('peakLag') if f.get('peakLag') is not None else '-'):>6}  {'; '.join(notes)}")
    o = doc["outcomes"]
    if o:
        lost_note = f" ({o['lostButStored']} of them stored in the table)" if o.get("lostButStored") else ""
        print(f"outcomes   lost {o['lost']}{lost_note}, transient dead letters {o['transientDeadLetters']}, wrong outcomes "
              f"{o['wrongOutcomes'] - o['transientDeadLetters']}, duplicates {o['duplicates']} (allowed), "
              f"upload failures {o['uploadFailures']}; stored {o['stored']}, dead-lettered {o['deadLettered']} of {o['expected']}")
        print(f"latency    {percentile_text(o['latencyMilliseconds'])} (upload → outcome)")
        for e in o["examples"]:
            print(f"  ✗ {e}")
        for e in o.get("lostDetails") or []:
            where = (f"stored in the table at {e['storedAt']} (faults active then: {', '.join(e.get('faultsActive') or []) or 'none'})"
                     if e.get("storedAt") else "not in the table")
            print(f"  ✗ no outcome: {e['key']}: {where}")
    rc = doc["reconcile"]
    if rc:
        states = ", ".join(f"{k} {v}" for k, v in (rc.get("states") or {}).items())
        print(f"reconcile  {doc['run']['prefix']}: exit {rc.get('exitCode')}, {rc.get('checked')} objects: {states or rc.get('error')}"
              f"; transient dead letters {rc.get('transientDeadLetters')}")
    restarts = ", ".join(f"{n} {c['restarts']} ({c['unexpectedExits']} on its own)" for n, c in doc["components"].items())
    print(f"restarts   {restarts}")
    health = ", ".join(f"{n} {c['health']['healthyAfterFaultsSeconds']} s" for n, c in doc["components"].items())
    print(f"health     200 after the last fault: {health}")
    if doc["failures"]:
        print("result     FAIL")
        for f in doc["failures"]:
            print(f"  ✗ {f}")
    else:
        print("result     PASS: every fault recovered, nothing lost, no wrong outcome, no transient dead letter")
