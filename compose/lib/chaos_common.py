"""Helpers that every part of the chaos run shares (compose/lib/chaos.py and its
chaos_*.py modules; Python 3 standard library only): the clock, ISO timestamps for the
report, and the orchestrator's log lines on stderr. In a module of their own so that the
other modules can import them without importing one another."""

import datetime
import sys
import time


def now():
    return time.time()


def iso(t):
    if t is None:
        return None
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def say(msg):
    sys.stderr.write(f"[chaos {datetime.datetime.now().strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()
