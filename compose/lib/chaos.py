#!/usr/bin/env python3
"""The chaos run's orchestrator (run by compose/chaos; Python 3 standard library only).

It supervises the relay and the workers as child processes (restarted 1 s after any exit,
as Kubernetes would), runs the load test against moto directly, injects a schedule of
faults, samples the fleet's lag every second, reconciles the run's prefix, and writes a
report (text on stdout, JSON to --report). Exit code 1 on any failure of the run.

Lag and recovery
    Lag is `invoice-fleet lag --json` (queue visible + in flight + the group's Kafka lag),
    sampled every second; a sample is "unknown" when the command fails (broker or moto
    down). When the binary has no `lag` command, the load test's own progress (uploaded
    minus accounted, read from its progress bar through a pty) stands in for it.
    A fault has recovered at the first known sample after it ended whose total lag is at
    or below --lag-threshold (default: max(10, 2 s of the upload rate)): under a steady load
    the lag hovers near zero (events in the relay's poll and the workers' current batch),
    never exactly at it, so "zero" means "about two seconds of work". A kill "ends" when
    the supervisor has restarted the process; a worker kill recovers once the partitions
    it held move again (their committed offsets advance) and the lag is below the
    threshold. Overlapping faults are measured independently, each from its own end.

Failures (exit 1): a lost invoice (missing outcome), a wrong outcome, a transient dead
letter (a dead letter whose code is an infrastructure failure, not a validation code), a
fault not recovered within --recovery-limit, a crash loop (a component exiting on its own
--crash-loop-exits times within 120 s), a component whose /health is not 200 within
--health-limit seconds after the last fault ended (or is not 200 at the end), reconcile
reporting missing objects, a fault that could not be injected (unless --allow-skipped).

The parts: chaos_fleet.py (the supervised relay and workers), chaos_observe.py (lag and
health sampling, the load test), chaos_faults.py (the fault kinds, the schedules, their
injection), chaos_report.py (recovery analysis, outcome classification, reconcile, the
text report), chaos_common.py (clock, timestamps, log lines). This file parses the
arguments and runs them in order (main).
"""

import argparse
import datetime
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

# The modules next to this file (Python puts the script's directory first on sys.path;
# this keeps it so under -P or PYTHONSAFEPATH too). No __pycache__ left in compose/lib,
# as when this was one script.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from chaos_common import iso, now, say  # noqa: E402
from chaos_faults import FAULT_KINDS, Injector, run_schedule, schedules  # noqa: E402
from chaos_fleet import Child, Supervisor  # noqa: E402
from chaos_observe import LoadTest, Observer  # noqa: E402
from chaos_report import (analyse_fault, classify_loadtest, health_analysis, lost_details,  # noqa: E402
                          print_text, reconcile)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="compose/lib/chaos.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", required=True)
    p.add_argument("--root", required=True, help="repository root")
    p.add_argument("--count", type=int)
    p.add_argument("--rate", type=float)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--reduced", action="store_true")
    p.add_argument("--report")
    p.add_argument("--transient-retries", type=int, default=0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--schedule", help="JSON file: a list of steps {at, kind, duration, target, rate}")
    p.add_argument("--lag-threshold", type=float)
    p.add_argument("--recovery-limit", type=float, default=120)
    p.add_argument("--health-limit", type=float, default=60)
    p.add_argument("--crash-loop-exits", type=int, default=5)
    p.add_argument("--loadtest-timeout", type=int)
    p.add_argument("--lag-timeout", type=float, default=5)
    p.add_argument("--reconcile-timeout", type=float, default=300)
    p.add_argument("--group-timeout", type=float, default=120,
                   help="seconds to wait for every worker to have partitions at the start")
    p.add_argument("--settle", type=float, default=30, help="seconds to wait at the end for the lag to reach 0")
    p.add_argument("--allow-skipped", action="store_true")
    p.add_argument("--no-proxy", action="store_true", help="workers and relay talk to moto directly")
    p.add_argument("--dry-run", action="store_true", help="print the schedule and exit")
    a = p.parse_args(argv)
    if a.reduced:
        a.count = a.count or 300
        a.rate = a.rate or 6
        # Messages a killed relay held return after the 60 s visibility timeout.
        a.loadtest_timeout = a.loadtest_timeout or 90
    else:
        # Measured here (2 cores, durable broker): the fleet processes about 4 invoices/s
        # under faults, so at 2/s a fault's backlog drains about as fast as it built up.
        # The load lasts until the last fault (at 531 s) has recovered.
        a.count = a.count or 1150
        a.rate = a.rate or 2.0
        a.loadtest_timeout = a.loadtest_timeout or 240
    if a.lag_threshold is None:
        a.lag_threshold = max(10.0, round(2.0 * a.rate))
    env = os.environ
    a.state_dir = env.get("FLEET_STATE_DIR", os.path.join(a.root, ".fleet"))
    a.aws_endpoint = env.get("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")
    a.proxy_port = int(env.get("FAULT_PROXY_PORT", "5100"))
    a.relay_port = int(env.get("RELAY_METRICS_PORT", "9102"))
    a.worker_port_base = int(env.get("CHAOS_WORKER_PORT_BASE", env.get("DEMO_WORKER_PORT_BASE", "9110")))
    a.partitions = int(env.get("KAFKA_UPLOADS_PARTITIONS", "6"))
    a.fault_proxy = os.path.join(a.root, "compose/lib/fault-proxy.sh")
    a.stack = os.path.join(a.root, "compose/stack")
    a.fault_proxy_on = not a.no_proxy and env.get("CHAOS_FAULT_PROXY", "1") == "1" and os.path.exists(a.fault_proxy)
    try:
        a.stack_restart = bool(re.search(r"^\s*restart\)", open(a.stack).read(), re.M))
    except OSError:
        a.stack_restart = False
    try:
        top = subprocess.run([a.binary, "--help"], capture_output=True, text=True, timeout=20).stdout
        a.lag_command = bool(re.search(r"^\s+lag\s", top, re.M))
    except (OSError, subprocess.TimeoutExpired):
        a.lag_command = False
    return a


def main(argv):
    args = parse_args(argv)
    full, reduced = schedules(args.workers)
    schedule = reduced if args.reduced else full
    if args.schedule:
        schedule = json.load(open(args.schedule))
    for step in schedule:
        if step["kind"] not in FAULT_KINDS:
            raise SystemExit(f"unknown fault kind {step['kind']!r} (one of {', '.join(FAULT_KINDS)})")
    if args.dry_run:
        for s in schedule:
            print(json.dumps(s))
        return 0
    rng = random.Random(args.seed)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    run_id = f"chaos-{stamp}-{args.seed}"
    prefix = f"loadtest/{run_id}/"
    report_path = args.report or os.path.join(args.root, "loadtest/reports", f"chaos-{stamp}.json")
    os.makedirs(os.path.dirname(os.path.abspath(report_path)), exist_ok=True)
    logs = os.path.join(args.state_dir, "logs")
    pids = os.path.join(args.state_dir, "pids")
    os.makedirs(logs, exist_ok=True)
    os.makedirs(pids, exist_ok=True)

    # A fleet already running in this state directory would share the consumer group.
    names = ["relay"] + [f"worker-{i}" for i in range(1, args.workers + 1)]
    for n in names:
        try:
            pid = int(open(os.path.join(pids, f"{n}.pid")).read())
            os.kill(pid, 0)
            say(f"{n} already runs (pid {pid}, {pids}/{n}.pid): stop that fleet first (compose/demo --stop)")
            return 2
        except (OSError, ValueError):
            pass

    fleet_endpoint = f"http://127.0.0.1:{args.proxy_port}" if args.fault_proxy_on else args.aws_endpoint
    base_env = dict(os.environ, AWS_ENDPOINT_URL=fleet_endpoint)
    if args.transient_retries:
        base_env["WORKER_TRANSIENT_RETRIES"] = str(args.transient_retries)
    children = [Child("relay", [args.binary, "relay"],
                      dict(base_env, RELAY_ID="relay-1", RELAY_METRICS_PORT=str(args.relay_port)),
                      os.path.join(logs, "relay.log"), os.path.join(pids, "relay.pid"), args.relay_port, "relay")]
    for i in range(1, args.workers + 1):
        port = args.worker_port_base + i
        children.append(Child(f"worker-{i}", [args.binary, "worker"],
                              dict(base_env, WORKER_ID=f"worker-{i}", WORKER_METRICS_PORT=str(port)),
                              os.path.join(logs, f"worker-{i}.log"), os.path.join(pids, f"worker-{i}.pid"), port))
    supervisor = Supervisor(children)
    t_begin = now()
    observer = Observer(args, supervisor, t_begin)
    injector = Injector(args, supervisor, observer, rng)
    faults = []
    failures = []
    loadtest = None
    group_ready = None

    def on_signal(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)

    say(f"run {run_id}: {args.count} invoices at {args.rate:g}/s, {args.workers} workers, "
        f"{len(schedule)} faults; lag from {'invoice-fleet lag' if args.lag_command else 'the load test progress (no lag command in this binary)'}; "
        f"threshold {args.lag_threshold:g}; fleet's AWS endpoint {fleet_endpoint}")
    if args.fault_proxy_on:
        try:
            injector._proxy("clear")
            injector._proxy("reset")
        except Exception as e:
            say(f"fault proxy not usable: {e}")
            args.fault_proxy_on = False
    interrupted = False
    try:
        supervisor.start()
        observer.start()
        deadline = now() + args.group_timeout
        while now() < deadline:
            # Members beyond the partition count stay idle: they never get partitions.
            assigned = [n for n, c in supervisor.children.items() if n.startswith("worker-") and c.assigned_events]
            if len(assigned) >= min(args.workers, args.partitions):
                break
            time.sleep(0.2)
        else:
            failures.append(f"the consumer group did not assign partitions to every worker within {args.group_timeout:g} s")
            raise RuntimeError(failures[-1])
        group_ready = now() - t_begin
        say(f"the group has partitions after {group_ready:.1f} s; starting the load test")
        time.sleep(2)
        loadtest = LoadTest(args, observer, run_id, report_path + ".loadtest.json", os.path.join(logs, "chaos-loadtest.log"))
        loadtest.start()
        load_start = loadtest.started
        sched_thread = threading.Thread(target=run_schedule, args=(schedule, injector, supervisor, load_start, faults), daemon=True)
        sched_thread.start()
        sched_thread.join()
        faults_end = now()
        say("the schedule is done; waiting for the load test")
        code = loadtest.wait()
        say(f"the load test exited {code}")
        # Let the lag settle (the last commits; messages a killed relay held come back
        # after the visibility timeout) for the final samples.
        settle = now() + args.settle
        while now() < settle:
            s = observer.last_sample()
            if s and s.get("total") == 0:
                break
            time.sleep(1)
    except KeyboardInterrupt:
        interrupted = True
        failures.append("interrupted")
        faults_end = now()
    except RuntimeError:
        faults_end = now()
    finally:
        injector.release_all()
        if loadtest and loadtest.proc and loadtest.proc.poll() is None:
            try:
                os.killpg(loadtest.proc.pid, signal.SIGTERM)
                loadtest.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
    run_end = now()

    # Analysis (the processes still run: health after the faults is part of it).
    for f in faults:
        analyse_fault(f, supervisor, observer, args, run_end)
    loadtest_report = None
    summary = None
    if loadtest and not interrupted:
        try:
            loadtest_report = json.load(open(report_path + ".loadtest.json"))
            summary = classify_loadtest(loadtest_report)
            summary["lostDetails"] = lost_details(args, loadtest_report, faults)
        except (OSError, ValueError) as e:
            failures.append(f"no load test report: {e}")
    rec = reconcile(args, prefix) if loadtest and not interrupted else None
    observer.stopping = True
    supervisor.stop()
    proxy_stats = injector.proxy_stats() if args.fault_proxy_on else None

    components = {}
    for n, c in supervisor.children.items():
        unexpected = [e for e in c.exits if not e["killedByChaos"] and e["at"] < run_end]
        loop = any(len([u for u in unexpected if w["at"] <= u["at"] < w["at"] + 120]) >= args.crash_loop_exits
                   for w in unexpected)
        components[n] = {"starts": [iso(t) for t in c.starts], "restarts": len(c.starts) - 1,
                         "exits": [dict(e, at=iso(e["at"])) for e in c.exits if e["at"] < run_end],
                         "unexpectedExits": len(unexpected), "crashLoop": loop,
                         "health": health_analysis(c, faults_end, args.health_limit, run_end)}
        if loop:
            failures.append(f"{n} is in a crash loop ({len(unexpected)} exits of its own)")
        if not components[n]["health"]["ok"] and not interrupted:
            h = components[n]["health"]
            failures.append(f"{n} /health not 200 within {args.health_limit:g} s after the faults "
                            f"(healthy after {h['healthyAfterFaultsSeconds']} s, final {h['finalStatus']})")
    for f in faults:
        label = f"fault {f['index']} {f['kind']}"
        if f.get("skipped"):
            if not args.allow_skipped:
                failures.append(f"{label} skipped: {f['skipped']}")
        elif f.get("error"):
            failures.append(f"{label} failed to inject: {f['error']}")
        elif "startedAt" in f and f.get("recoveredAt") is None:
            failures.append(f"{label} not recovered (lag ≤ {args.lag_threshold:g}) before the run ended")
        elif "startedAt" in f and f.get("recoveredAfterSeconds", 0) > args.recovery_limit:
            failures.append(f"{label} recovered after {f['recoveredAfterSeconds']} s (limit {args.recovery_limit:g} s)")
    last = observer.last_sample()
    if last and last.get("kafkaLag"):
        failures.append(f"the group's Kafka lag is {last['kafkaLag']} at the end: records the workers never committed")
    if summary and rec and rec.get("states") is not None:
        summary["lostButStored"] = max(0, summary["lost"] - (rec["states"].get("missing") or 0))
    if summary:
        if summary["lost"]:
            stored = summary.get("lostButStored")
            backlog = last.get("total") if last else None
            failures.append(f"{summary['lost']} invoices without an outcome record" +
                            (f" ({stored} of them stored in the table: their invoices.processed record is what is missing)" if stored else "") +
                            (f"; the fleet still had a lag of {backlog} at the end: late (not processed within the load test's "
                             f"timeout), not necessarily lost" if backlog else ""))
        if summary["transientDeadLetters"]:
            failures.append(f"{summary['transientDeadLetters']} transient dead letters")
        if summary["wrongOutcomesOtherThanTransient"] or (summary["wrongOutcomes"] - summary["transientDeadLetters"] > 0):
            failures.append(f"{summary['wrongOutcomes'] - summary['transientDeadLetters']} wrong outcomes")
        if summary["uploadFailures"]:
            failures.append(f"{summary['uploadFailures']} uploads failed")
    if rec is not None:
        if rec.get("exitCode") != 0:
            failures.append(f"reconcile of {prefix} exited {rec.get('exitCode')} ({rec.get('states') or rec.get('error')})")
        elif rec.get("transientDeadLetters"):
            failures.append(f"reconcile: {rec['transientDeadLetters']} objects dead-lettered with a transient code")

    def rel(t):
        return round(t - t_begin, 1) if isinstance(t, (int, float)) else None

    fault_docs = []
    for f in faults:
        d = {k: v for k, v in f.items() if k not in ("lagAtKill",)}
        for k in ("startedAt", "endedAt", "recoveredAt", "restartedAt", "partitionsAssignedAt", "partitionsMovingAt",
                  "firstRebalanceElsewhereAt"):
            if k in d:
                d[k] = iso(d[k])
        if f["kind"] == "kill-worker" and "startedAt" in f:
            kill = f["startedAt"]
            for k, name in (("partitionsAssignedAt", "assigned"), ("partitionsMovingAt", "moving"),
                            ("firstRebalanceElsewhereAt", "rebalanceElsewhere")):
                if f.get(k):
                    d[f"{name}AfterKillSeconds"] = round(f[k] - kill, 1)
                    if f.get("restartedAt"):
                        d[f"{name}AfterRestartSeconds"] = round(f[k] - f["restartedAt"], 1)
        fault_docs.append(d)
    doc = {
        "run": {"id": run_id, "prefix": prefix, "startedAt": iso(t_begin), "endedAt": iso(run_end),
                "seconds": round(run_end - t_begin, 1), "reduced": args.reduced, "count": args.count,
                "rate": args.rate, "workers": args.workers, "seed": args.seed,
                "transientRetries": args.transient_retries or "unlimited",
                "lagSource": "invoice-fleet lag --json" if args.lag_command else "load test progress (uploaded - accounted)",
                "lagThreshold": args.lag_threshold, "recoveryLimitSeconds": args.recovery_limit,
                "healthLimitSeconds": args.health_limit, "faultProxy": args.fault_proxy_on,
                "groupReadyAfterSeconds": round(group_ready, 1) if group_ready else None,
                "loadStartedAt": iso(loadtest.started) if loadtest else None,
                "uploadsDoneAt": iso(observer.uploads_done_at),
                "faultsEndedAt": iso(faults_end)},
        "faults": fault_docs,
        "components": components,
        "outcomes": summary,
        "reconcile": rec,
        "faultProxyStats": proxy_stats,
        "lagSeries": [{"t": rel(s["t"]), "total": s.get("total"), "kafka": s.get("kafkaLag"),
                       "queueVisible": s.get("queueVisible"), "queueInFlight": s.get("queueInFlight"),
                       **({"partitions": s["lags"]} if s.get("lags") else {}),
                       **({"error": s["error"]} if "error" in s else {})} for s in observer.samples],
        "progressSeries": [{"t": rel(p[0]), "uploaded": p[1], "accounted": p[4]} for p in observer.progress[::2]],
        "loadtestReport": os.path.abspath(report_path + ".loadtest.json"),
        "failures": failures,
        "passed": not failures,
    }
    with open(report_path, "w") as fh:
        json.dump(doc, fh, indent=1)
    print_text(doc, t_begin, faults, args)
    print(f"report     {os.path.abspath(report_path)}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
