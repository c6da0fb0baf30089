"""The faults of the chaos run and their injection (imported by compose/lib/chaos.py;
Python 3 standard library only).

The kinds of fault, the fault proxy's rules for the AWS ones, the full and the reduced
schedules, the Injector (kills through the supervisor, SIGSTOP/SIGCONT of moto and of the
broker, a broker restart through compose/stack, rules set in the fault proxy; it releases
everything it froze or set when the run stops) and run_schedule, which begins and ends
every step at its offset from the start of the load.
"""

import json
import os
import signal
import subprocess
import threading
import time

from chaos_common import now, say

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
    # Spaced so that the fleet drains between faults on the durable local stack. It
    # processes about 4 invoices/s there at most, so at 2/s a backlog drains at about
    # 2/s; after an SQS outage or a relay kill, the messages the relay had received stay
    # hidden for the 60 s visibility timeout. The 45 s broker freeze leaves the largest
    # backlog (about 100), hence the two minutes after it.
    full = [
        {"at": 10, "kind": "kill-worker", "target": "random"},
        {"at": 25, "kind": "s3-throttle", "duration": 20, "rate": 0.5},       # during the kill's catch-up
        {"at": 70, "kind": "kill-worker", "target": "random"},
        {"at": 90, "kind": "dynamodb-throttle", "duration": 15, "rate": 0.5},
        {"at": 120, "kind": "dynamodb-error", "duration": 15, "rate": 0.5},
        {"at": 125, "kind": "kill-relay"},                                    # during the DynamoDB errors
        {"at": 165, "kind": "sqs-outage", "duration": 15},
        {"at": 260, "kind": "freeze-moto", "duration": 10},
        {"at": 305, "kind": "freeze-broker", "duration": 45},                # the PRODUCER_FENCED trap (>= 40 s)
        {"at": 470, "kind": "restart-broker"},
        {"at": 530, "kind": "kill-worker", "target": "random"},
        {"at": 531, "kind": "kill-relay"},                                    # both at once
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
