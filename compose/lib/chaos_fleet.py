"""The supervised processes of the chaos run (imported by compose/lib/chaos.py; Python 3
standard library only).

A Child is one relay or worker process, started in its own session with its output piped
into its log, from which it follows the partitions the Kafka client assigns and revokes
(the analysis needs them to see a killed worker's partitions move again). The Supervisor
restarts any child that exits, 1 s after the exit, as Kubernetes would, and records every
exit and whether the chaos run caused it (a crash loop counts only the exits of its own).
"""

import os
import re
import signal
import subprocess
import threading
import time

from chaos_common import iso, now, say

PARTITIONS = re.compile(r"partitions=(\S+)")
PARTITION_NUMBER = re.compile(r"\[(\d+)\]")


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
