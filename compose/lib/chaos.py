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
"""

import argparse
import datetime
import json
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.request

# Dead-letter codes that name an infrastructure failure, never a property of the file:
# the fleet must retry these (with unlimited retries) rather than dead-letter them.
TRANSIENT_CODES = {"s3_unavailable", "dynamodb_unavailable"}
# Codes that a fault can cause only by misclassifying it (an injected 5xx or throttle
# read as a refusal): counted with the transient ones.
INFRASTRUCTURE_CODES = TRANSIENT_CODES | {"fetch_failed", "write_rejected", "object_not_found",
                                          "invalid_notification", "invalid_event_record", "invalid_event"}

PROGRESS = re.compile(r"uploaded (\d+)/(\d+)(?:, (\d+) failed)? · accounted (\d+) \((\d+) stored, (\d+) dead-lettered\)")
PROGRESS_LINES = re.compile(r"uploaded (\d+)/(\d+)(?:, (\d+) failed)?, accounted (\d+) \((\d+) stored, (\d+) dead-lettered\)")
PARTITIONS = re.compile(r"partitions=(\S+)")
PARTITION_NUMBER = re.compile(r"\[(\d+)\]")


def now():
    return time.time()


def iso(t):
    if t is None:
        return None
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def say(msg):
    sys.stderr.write(f"[chaos {datetime.datetime.now().strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------------------
# Supervision


class Child:
    """One supervised process: started in its own session, output piped into its log."""

    def __init__(self, name, argv, env, log_path, pid_path, health_port=None, kind="worker"):
        self.name, self.argv, self.env = name, argv, env
        self.log_path, self.pid_path = log_path, pid_path
        self.health_port, self.kind = health_port, kind
        self.proc = None
        self.lock = threading.Lock()
        self.starts = []          # start times
        self.exits = []           # {at, code, signal, killedByChaos}
        self.expected_kill = False
        self.restart_at = None
        self.partitions = set()   # held now, from the log's assigned/revoked lines
        self.assigned_events = []  # (time, start index, partitions)
        self.health = []          # (time, status code or None)

    def start(self):
        log = open(self.log_path, "ab", buffering=0)
        log.write(f"--- chaos: starting {self.name} at {iso(now())}\n".encode())
        proc = subprocess.Popen(self.argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        with self.lock:
            self.proc = proc
            self.starts.append(now())
            self.partitions = set()
            self.restart_at = None
        with open(self.pid_path, "w") as f:
            f.write(f"{proc.pid}\n")
        threading.Thread(target=self._read, args=(proc, log, len(self.starts) - 1), daemon=True).start()

    def _read(self, proc, log, index):
        for line in iter(proc.stdout.readline, b""):
            log.write(line)
            # The Kafka client's own lines ("… [Kafka] partitions assigned"), not the
            # worker's warning "no partitions assigned yet".
            text = line.decode("utf-8", "replace").rstrip()
            if text.endswith("] partitions assigned") or text.endswith("] partitions revoked"):
                m = PARTITIONS.search(text)
                parts = {int(p) for p in PARTITION_NUMBER.findall(m.group(1))} if m else set()
                with self.lock:
                    if text.endswith("assigned"):
                        self.partitions |= parts
                        self.assigned_events.append((now(), index, sorted(parts)))
                    else:
                        self.partitions -= parts
        log.close()

    @property
    def pid(self):
        with self.lock:
            return self.proc.pid if self.proc and self.proc.poll() is None else None

    def kill(self):
        with self.lock:
            if not self.proc or self.proc.poll() is not None:
                return None
            self.expected_kill = True
            owned = sorted(self.partitions)
            pid = self.proc.pid
        os.kill(pid, signal.SIGKILL)
        return owned

    def stop(self):
        with self.lock:
            proc = self.proc
        if proc and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        return proc


class Supervisor:
    def __init__(self, children, restart_delay=1.0):
        self.children = {c.name: c for c in children}
        self.restart_delay = restart_delay
        self.stopping = False
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self):
        for c in self.children.values():
            c.start()
        self.thread.start()

    def _watch(self):
        while not self.stopping:
            for c in self.children.values():
                with c.lock:
                    proc = c.proc
                    code = proc.poll() if proc else None
                    if proc is not None and code is not None and c.restart_at is None:
                        c.exits.append({"at": now(), "code": code if code >= 0 else None,
                                        "signal": -code if code < 0 else None,
                                        "killedByChaos": c.expected_kill})
                        c.expected_kill = False
                        c.restart_at = now() + self.restart_delay
                        if not self.stopping:
                            say(f"{c.name} exited ({'signal ' + str(-code) if code < 0 else 'code ' + str(code)}); restarting in {self.restart_delay:g} s")
                    due = c.restart_at is not None and now() >= c.restart_at and not self.stopping
                if due:
                    c.start()
            time.sleep(0.1)

    def stop(self):
        """SIGTERM to every child at once (group members leave together), SIGKILL after 10 s."""
        self.stopping = True
        procs = [(c, c.stop()) for c in self.children.values()]
        deadline = now() + 10
        for c, p in procs:
            if p is None:
                continue
            while p.poll() is None and now() < deadline:
                time.sleep(0.1)
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
            try:
                os.unlink(c.pid_path)
            except FileNotFoundError:
                pass


# --------------------------------------------------------------------------------------
# Observation


class Observer:
    """Samples the lag every second, /health of every child every second, and reads the
    load test's progress."""

    def __init__(self, args, supervisor, t0):
        self.args, self.supervisor, self.t0 = args, supervisor, t0
        self.samples = []     # {t, total, kafkaLag, queueVisible, queueInFlight, committed, end} or {t, error}
        self.progress = []    # (t, uploaded, total, failed, accounted)
        self.lock = threading.Lock()
        self.stopping = False
        self.has_lag = args.lag_command
        self.uploads_done_at = None

    def start(self):
        threading.Thread(target=self._lag_loop, daemon=True).start()
        threading.Thread(target=self._health_loop, daemon=True).start()

    def _lag_loop(self):
        env = dict(os.environ, AWS_ENDPOINT_URL=self.args.aws_endpoint)
        while not self.stopping:
            started = now()
            if self.has_lag:
                sample = {"t": started}
                try:
                    out = subprocess.run([self.args.binary, "lag", "--json"], env=env, capture_output=True,
                                         timeout=self.args.lag_timeout, text=True)
                    if out.returncode == 0:
                        d = json.loads(out.stdout.strip().splitlines()[-1])
                        sample.update(total=d.get("total"), kafkaLag=d.get("kafkaLag"),
                                      queueVisible=d.get("queueVisible"), queueInFlight=d.get("queueInFlight"),
                                      lags=[p.get("lag") for p in sorted(d.get("partitions", []), key=lambda p: p["partition"])],
                                      committed={p["partition"]: p.get("committed") for p in d.get("partitions", [])},
                                      end={p["partition"]: p.get("end") for p in d.get("partitions", [])})
                    else:
                        sample["error"] = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1][:200]
                except subprocess.TimeoutExpired:
                    sample["error"] = f"lag did not answer within {self.args.lag_timeout:g} s"
                except (ValueError, KeyError, IndexError) as e:
                    sample["error"] = f"unreadable lag output: {e}"
            else:
                sample = {"t": started}
                p = self.last_progress()
                if p:
                    sample["total"] = p[1] - p[4] - (p[3] or 0)
                else:
                    sample["error"] = "no load test progress yet"
            with self.lock:
                self.samples.append(sample)
            time.sleep(max(0.0, 1.0 - (now() - started)))

    def _health_loop(self):
        while not self.stopping:
            started = now()
            for c in self.supervisor.children.values():
                status = None
                if c.health_port:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{c.health_port}/health", timeout=1) as r:
                            status = r.status
                    except urllib.error.HTTPError as e:
                        status = e.code
                    except Exception:
                        status = None
                with c.lock:
                    c.health.append((started, status))
            time.sleep(max(0.0, 1.0 - (now() - started)))

    def add_progress(self, uploaded, total, failed, accounted):
        with self.lock:
            self.progress.append((now(), uploaded, total, failed, accounted))
            if self.uploads_done_at is None and total and uploaded + failed >= total:
                self.uploads_done_at = now()

    def last_progress(self):
        with self.lock:
            return self.progress[-1] if self.progress else None

    def samples_since(self, t):
        with self.lock:
            return [s for s in self.samples if s["t"] >= t]

    def last_sample(self):
        with self.lock:
            return self.samples[-1] if self.samples else None


class LoadTest:
    """`invoice-fleet loadtest` against moto directly, its stderr on a pty (so that it draws
    its progress bar twice a second, which the observer reads)."""

    def __init__(self, args, observer, run_id, report_path, log_path):
        self.args, self.observer, self.run_id = args, observer, run_id
        self.report_path, self.log_path = report_path, log_path
        self.proc = None
        self.started = self.ended = None

    def start(self):
        a = self.args
        argv = [a.binary, "loadtest", "--count", str(a.count), "--rate", str(a.rate), "--seed", str(a.seed),
                "--run-id", self.run_id, "--report", self.report_path, "--timeout", str(a.loadtest_timeout),
                "--concurrency", str(a.concurrency)]
        env = dict(os.environ, AWS_ENDPOINT_URL=a.aws_endpoint)
        master, slave = pty.openpty()
        self.log = open(self.log_path, "ab", buffering=0)
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.started = now()
        threading.Thread(target=self._read, args=(master,), daemon=True).start()

    def _read(self, fd):
        buf = b""
        while True:
            try:
                r, _, _ = select.select([fd], [], [], 1.0)
                if not r:
                    if self.proc.poll() is not None:
                        break
                    continue
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            parts = re.split(rb"[\r\n]", buf)
            buf = parts.pop()
            for part in parts:
                self._line(part)
        if buf:
            self._line(buf)
        os.close(fd)

    def _line(self, raw):
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", raw.decode("utf-8", "replace")).strip()
        if not text:
            return
        m = PROGRESS.search(text) or PROGRESS_LINES.search(text)
        if m:
            self.observer.add_progress(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), int(m.group(4)))
        else:
            self.log.write((text + "\n").encode())

    def wait(self, timeout=None):
        code = self.proc.wait(timeout=timeout)
        self.ended = now()
        return code


# --------------------------------------------------------------------------------------
# Faults


FAULT_KINDS = {
    "kill-worker": "SIGKILL of a worker (restarted by the supervisor)",
    "kill-relay": "SIGKILL of the relay (restarted by the supervisor)",
    "freeze-moto": "SIGSTOP of moto, SIGCONT after the duration",
    "freeze-broker": "SIGSTOP of the broker, SIGCONT after the duration",
    "restart-broker": "compose/stack restart kafka (durable engine)",
    "s3-throttle": "fault proxy: S3 answers 503 SlowDown",
    "dynamodb-throttle": "fault proxy: DynamoDB throttles (ProvisionedThroughputExceeded and Throttling)",
    "dynamodb-error": "fault proxy: DynamoDB answers 500 InternalServerError",
    "sqs-outage": "fault proxy: every SQS request fails (503, or connection reset)",
}
PROXY_KINDS = {"s3-throttle", "dynamodb-throttle", "dynamodb-error", "sqs-outage"}


def proxy_rules(step):
    rate = step.get("rate")
    kind = step["kind"]
    if kind == "s3-throttle":
        return [{"service": "s3", "fault": "throttle", "rate": rate or 0.5}]
    if kind == "dynamodb-throttle":
        r = rate or 0.5
        # First match wins: half of the hits are each code.
        return [{"service": "dynamodb", "fault": "throttle", "rate": r / 2, "code": "ProvisionedThroughputExceededException"},
                {"service": "dynamodb", "fault": "throttle", "rate": (r / 2) / (1 - r / 2), "code": "ThrottlingException"}]
    if kind == "dynamodb-error":
        return [{"service": "dynamodb", "fault": "error", "rate": rate or 0.5}]
    if kind == "sqs-outage":
        return [{"service": "sqs", "fault": step.get("mode", "error"), "rate": rate or 1.0}]
    raise ValueError(kind)


def schedules(workers):
    """Offsets in seconds from the start of the load. A worker kill pauses the whole group
    for its rebalance (about 8 s on the local broker), so an AWS fault meant to overlap a
    kill starts after that pause, while the restarted worker catches up."""
    full = [
        {"at": 10, "kind": "kill-worker", "target": "random"},
        {"at": 18, "kind": "s3-throttle", "duration": 20, "rate": 0.5},       # during the kill's catch-up
        {"at": 55, "kind": "kill-worker", "target": "random"},
        {"at": 75, "kind": "dynamodb-throttle", "duration": 15, "rate": 0.5},
        {"at": 100, "kind": "dynamodb-error", "duration": 15, "rate": 0.5},
        {"at": 105, "kind": "kill-relay"},                                    # during the DynamoDB errors
        {"at": 130, "kind": "sqs-outage", "duration": 15},
        {"at": 160, "kind": "freeze-moto", "duration": 10},
        {"at": 185, "kind": "freeze-broker", "duration": 45},                # the PRODUCER_FENCED trap (>= 40 s)
        {"at": 250, "kind": "restart-broker"},
        {"at": 275, "kind": "kill-worker", "target": "random"},
        {"at": 276, "kind": "kill-relay"},                                    # both at once
    ]
    reduced = [
        {"at": 3, "kind": "kill-worker", "target": "random"},
        {"at": 13, "kind": "s3-throttle", "duration": 7, "rate": 0.5},        # during the kill's catch-up
        {"at": 21, "kind": "dynamodb-throttle", "duration": 6, "rate": 0.5},
        {"at": 28, "kind": "dynamodb-error", "duration": 6, "rate": 0.5},
        {"at": 30, "kind": "kill-relay"},                                     # during the DynamoDB errors
        {"at": 35, "kind": "sqs-outage", "duration": 6},
        {"at": 42, "kind": "freeze-moto", "duration": 5},
        {"at": 49, "kind": "freeze-broker", "duration": 8},
        {"at": 60, "kind": "restart-broker"},
    ]
    return full, reduced


class Injector:
    def __init__(self, args, supervisor, observer, rng):
        self.args, self.supervisor, self.observer, self.rng = args, supervisor, observer, rng
        self.active_rules = {}   # fault index -> rules
        self.frozen = {}         # pid -> name
        self.lock = threading.Lock()
        self.stopped = False     # set by release_all: nothing is injected after it

    def _proxy(self, *cmd):
        out = subprocess.run(["bash", self.args.fault_proxy, *cmd], capture_output=True, text=True, timeout=15)
        if out.returncode != 0:
            raise RuntimeError(f"fault-proxy {cmd[0]}: {out.stderr.strip() or out.stdout.strip()}")
        return out.stdout

    def proxy_stats(self):
        try:
            return json.loads(self._proxy("stats"))
        except Exception:
            return None

    def _apply_rules(self):
        rules = [r for _, rs in sorted(self.active_rules.items()) for r in rs]
        if rules:
            self._proxy("set", json.dumps({"rules": rules}))
        else:
            self._proxy("clear")

    def _stack_pid(self, name):
        try:
            with open(os.path.join(self.args.state_dir, "pids", f"{name}.pid")) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def skip_reason(self, step):
        kind = step["kind"]
        if kind in PROXY_KINDS and not self.args.fault_proxy_on:
            return "no fault proxy (compose/lib/fault-proxy.sh) in front of the fleet"
        if kind == "freeze-moto" and not self._stack_pid("aws"):
            return f"no moto pid in {self.args.state_dir}/pids/aws.pid"
        if kind == "freeze-broker" and not self._stack_pid("kafka"):
            return f"no broker pid in {self.args.state_dir}/pids/kafka.pid"
        if kind == "restart-broker":
            if not self.args.stack_restart:
                return "compose/stack has no restart command"
            pid = self._stack_pid("kafka")
            if not pid:
                return "no broker pid recorded (the stack was not started by compose/stack)"
            try:
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
            except OSError:
                cmdline = ""
            if "memory://" in cmdline:
                return "the broker stores in memory (start the stack with compose/stack up --durable): a restart would lose every topic"
        return None

    def begin(self, index, fault):
        kind = fault["kind"]
        if kind == "kill-worker":
            names = [n for n in self.supervisor.children if n.startswith("worker-")]
            target = fault.get("target", "random")
            if target == "random":
                target = self.rng.choice(sorted(names))
            fault["target"] = target
            child = self.supervisor.children[target]
            fault["killedPid"] = child.pid
            fault["partitionsHeld"] = child.kill()
        elif kind == "kill-relay":
            child = self.supervisor.children["relay"]
            fault["target"] = "relay"
            fault["killedPid"] = child.pid
            child.kill()
        elif kind in ("freeze-moto", "freeze-broker"):
            name = "aws" if kind == "freeze-moto" else "kafka"
            pid = self._stack_pid(name)
            fault["target"] = name
            fault["pid"] = pid
            with self.lock:
                if self.stopped:
                    raise RuntimeError("the run is stopping")
                self.frozen[pid] = name
                os.kill(pid, signal.SIGSTOP)
        elif kind == "restart-broker":
            fault["target"] = "kafka"
            out = subprocess.run([self.args.stack, "restart", "kafka"], capture_output=True, text=True, timeout=120)
            fault["command"] = {"exitCode": out.returncode, "output": (out.stdout + out.stderr).strip()[-800:]}
            if out.returncode != 0:
                raise RuntimeError(f"compose/stack restart kafka exited {out.returncode}")
        elif kind in PROXY_KINDS:
            fault["rules"] = proxy_rules(fault)
            fault["proxyBefore"] = self._proxy_counts()
            with self.lock:
                if self.stopped:
                    raise RuntimeError("the run is stopping")
                self.active_rules[index] = fault["rules"]
                self._apply_rules()

    def end(self, index, fault):
        kind = fault["kind"]
        if kind in ("freeze-moto", "freeze-broker"):
            pid = fault["pid"]
            os.kill(pid, signal.SIGCONT)
            with self.lock:
                self.frozen.pop(pid, None)
        elif kind in PROXY_KINDS:
            with self.lock:
                self.active_rules.pop(index, None)
                self._apply_rules()
            after = self._proxy_counts()
            before = fault.pop("proxyBefore", None)
            if after and before:
                svc = fault["rules"][0]["service"]
                fault["injected"] = {"requests": after.get(svc, {}).get("requests", 0) - before.get(svc, {}).get("requests", 0),
                                     "faults": after.get(svc, {}).get("faults", 0) - before.get(svc, {}).get("faults", 0)}

    def _proxy_counts(self):
        s = self.proxy_stats()
        return s.get("services") if s else None

    def release_all(self):
        """Never leave moto or the broker frozen, nor faults in the proxy."""
        with self.lock:
            self.stopped = True
            for pid in list(self.frozen):
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
            self.frozen.clear()
            if self.active_rules:
                self.active_rules.clear()
                try:
                    self._apply_rules()
                except Exception as e:
                    say(f"could not clear the fault proxy: {e}")


def run_schedule(schedule, injector, supervisor, load_start, faults):
    """Runs every step at its offset; begin and end events are ordered in time."""
    events = []
    for i, step in enumerate(schedule):
        fault = dict(step)
        fault["index"] = i
        faults.append(fault)
        events.append((load_start + step["at"], 0, i))
        if step.get("duration"):
            events.append((load_start + step["at"] + step["duration"], 1, i))
    events.sort()
    for at, phase, i in events:
        fault = faults[i]
        while now() < at and not injector.stopped:
            time.sleep(min(0.2, max(0.0, at - now())))
        if injector.stopped:
            return
        if phase == 0:
            reason = injector.skip_reason(fault)
            if reason:
                fault["skipped"] = reason
                say(f"fault {i} {fault['kind']}: SKIPPED ({reason})")
                continue
            fault["startedAt"] = now()
            try:
                injector.begin(i, fault)
            except Exception as e:
                fault["error"] = str(e)
                say(f"fault {i} {fault['kind']}: could not be injected: {e}")
            say(f"fault {i} {fault['kind']} {fault.get('target', '')} started" + (f" for {fault['duration']} s" if fault.get("duration") else ""))
            if not fault.get("duration"):
                fault["endedAt"] = now()
        else:
            if "startedAt" not in fault or "endedAt" in fault:
                continue
            try:
                injector.end(i, fault)
            except Exception as e:
                fault["error"] = str(e)
            fault["endedAt"] = now()
            say(f"fault {i} {fault['kind']} ended")


# --------------------------------------------------------------------------------------
# Analysis


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


# --------------------------------------------------------------------------------------


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
        # Measured here (2 cores, durable broker in moto): the fleet drains about 4-5 invoices/s
        # under faults; at 6/s the backlog of the first faults never drains before the next.
        a.count = a.count or 900
        a.rate = a.rate or 3
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
