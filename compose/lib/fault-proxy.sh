#!/usr/bin/env bash
# A fault-injection proxy in front of moto (S3, SQS, DynamoDB) for chaos runs.
#
#   compose/lib/fault-proxy.sh start          # mitmdump on FAULT_PROXY_PORT in front of AWS_ENDPOINT_URL
#   compose/lib/fault-proxy.sh set 'JSON'     # replace the rules ('-' reads them from stdin)
#   compose/lib/fault-proxy.sh clear          # no rules: every request passes
#   compose/lib/fault-proxy.sh stats          # JSON counters per rule and per service
#   compose/lib/fault-proxy.sh reset          # zero the counters
#   compose/lib/fault-proxy.sh status         # running/healthy, port, upstream, rule count
#   compose/lib/fault-proxy.sh stop
#
# Point the processes under test at the proxy (AWS_ENDPOINT_URL=http://127.0.0.1:5100);
# everything else keeps talking to moto directly. The rules format is described at the
# top of compose/lib/fault_proxy.py. Needs mitmdump: `bash compose/lib/install.sh chaos`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
# shellcheck source=process.sh
source "$here/process.sh"

# The upstream is whatever AWS_ENDPOINT_URL names when the proxy starts (moto by
# default); FAULT_PROXY_UPSTREAM overrides it, for when AWS_ENDPOINT_URL already points at
# the proxy in the caller's environment.
upstream=${FAULT_PROXY_UPSTREAM:-$AWS_ENDPOINT_URL}
port=${FAULT_PROXY_PORT:-5100}
export FAULT_PROXY_RULES=${FAULT_PROXY_RULES:-$FLEET_STATE_DIR/fault-proxy-rules.json}
proxy_url="http://127.0.0.1:$port"

healthy() { curl -fsS -m 2 -o /dev/null "$proxy_url/__fault-proxy/health" 2>/dev/null; }

# Atomic replacement (temp file in the same directory, then mv): the addon stats the file
# on every request and must never read half a file.
write_rules() {
  local json=$1 tmp
  mkdir -p "$(dirname "$FAULT_PROXY_RULES")"
  tmp=$(mktemp "$FAULT_PROXY_RULES.XXXXXX")
  # Validated here so a typo fails the command instead of being logged by the proxy
  # (which keeps its previous rules when a file does not parse).
  if ! printf '%s' "$json" | python3 -c '
import json, sys
try:
    doc = json.load(sys.stdin)
    if isinstance(doc, list): doc = {"rules": doc}
    rules = doc.get("rules") if isinstance(doc, dict) else None
    assert isinstance(rules, list), "expected {\"rules\": [...]}"
    for i, r in enumerate(rules):
        assert isinstance(r, dict), f"rule {i} is not an object"
        assert r.get("service", "any") in ("s3", "dynamodb", "sqs", "any"), f"rule {i}: service is not s3, dynamodb, sqs or any"
        assert r.get("fault") in ("throttle", "error", "reset", "reset_after", "latency"), f"rule {i}: unknown fault"
        assert 0.0 <= float(r.get("rate", 1.0)) <= 1.0, f"rule {i}: rate outside 0.0-1.0"
        assert r.get("fault") != "latency" or float(r.get("latency_ms", 0)) > 0, f"rule {i}: latency needs latency_ms"
except (ValueError, AssertionError, TypeError) as e:
    sys.exit(f"fault-proxy: {e}")
json.dump(doc, sys.stdout, indent=1)
print()
' > "$tmp"; then
    rm -f "$tmp"; echo "fault-proxy: rules not valid, nothing changed" >&2; return 1
  fi
  mv -f "$tmp" "$FAULT_PROXY_RULES"
}

start() {
  command -v mitmdump >/dev/null || { echo "fault-proxy: no mitmdump; run: bash compose/lib/install.sh chaos" >&2; exit 1; }
  if running_pid fault-proxy >/dev/null; then
    healthy && { log "fault-proxy already running (pid $(running_pid fault-proxy)) on $proxy_url"; return 0; }
  elif port_open 127.0.0.1 "$port"; then
    echo "fault-proxy: port $port is taken by a process this script did not start" >&2; exit 1
  fi
  [ -f "$FAULT_PROXY_RULES" ] || write_rules '{"rules":[]}'
  # Cheap by construction: flow_detail=0 (no flow dumping), termlog at warn (only the
  # addon's rule reloads and errors), lazy upstream connections (health and stats never
  # touch moto), keep_host_header (SigV4 signs Host: rewriting it would break moto's
  # signature checks when INITIAL_NO_AUTH_ACTION_COUNT is used), and a confdir in the
  # state directory (mitmproxy writes its CA there, not in $HOME).
  start_process fault-proxy mitmdump \
    --mode "reverse:$upstream" --listen-host 127.0.0.1 --listen-port "$port" \
    -s "$here/fault_proxy.py" \
    --set flow_detail=0 --set termlog_verbosity=warn --set connection_strategy=lazy \
    --set keep_host_header=true --set confdir="$FLEET_STATE_DIR/mitmproxy"
  wait_until "fault-proxy on $proxy_url" healthy
  log "fault-proxy on $proxy_url -> $upstream (rules: $FAULT_PROXY_RULES)"
}

case "${1:-}" in
  start) start ;;
  stop) stop_process fault-proxy ;;
  set)
    [ $# -ge 2 ] || { echo "usage: $0 set JSON|-" >&2; exit 2; }
    if [ "$2" = - ]; then write_rules "$(cat)"; else write_rules "$2"; fi ;;
  clear) write_rules '{"rules":[]}' ;;
  stats) curl -fsS -m 5 "$proxy_url/__fault-proxy/stats"; echo ;;
  reset) curl -fsS -m 5 -X POST "$proxy_url/__fault-proxy/reset" >/dev/null ;;
  status)
    pid=$(running_pid fault-proxy || true)
    if healthy; then
      rules=$(curl -fsS -m 2 "$proxy_url/__fault-proxy/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rules"])')
      printf 'fault-proxy healthy %s -> %s, %s rule(s), %s\n' "$proxy_url" "$upstream" "$rules" "${pid:+pid $pid}"
    else
      printf 'fault-proxy DOWN %s%s\n' "$proxy_url" "${pid:+ (pid $pid recorded)}"; exit 1
    fi ;;
  *) echo "usage: $0 start|stop|set JSON|clear|stats|reset|status" >&2; exit 2 ;;
esac
