"""What the chaos run watches while it runs (imported by compose/lib/chaos.py; Python 3
standard library only).

The Observer samples the fleet's lag (`invoice-fleet lag --json`, or the load test's own
progress when the binary has no lag command) and every child's /health once a second:
the samples are what the analysis measures recovery against. The LoadTest runs
`invoice-fleet loadtest` against moto directly, its stderr on a pty so that it draws its
progress bar, which it parses and hands to the observer.
"""

import json
import os
import pty
import re
import select
import subprocess
import threading
import time
import urllib.error
import urllib.request

from chaos_common import now

PROGRESS = re.compile(r"uploaded (\d+)/(\d+)(?:, (\d+) failed)? · accounted (\d+) \((\d+) stored, (\d+) dead-lettered\)")
PROGRESS_LINES = re.compile(r"uploaded (\d+)/(\d+)(?:, (\d+) failed)?, accounted (\d+) \((\d+) stored, (\d+) dead-lettered\)")


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
