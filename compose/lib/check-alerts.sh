#!/usr/bin/env bash
# Checks the Prometheus files of deploy/prometheus/, idempotently:
#   - alerts.yml passes `promtool check rules`,
#   - alerts.test.yml (unit tests of every alert and recording rule) passes
#     `promtool test rules`,
#   - the scrape configuration compose/demo renders (compose/lib/prometheus.sh) passes
#     `promtool check config`, with the default ports and with another worker count, and
#     its rendering for the defaults is deploy/prometheus/prometheus.yml.
# Installs Debian's prometheus package first when it is missing (as root). Needs no
# running service. Prints PASS or FAIL; exits 1 if anything failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
# shellcheck source=prometheus.sh
source "$here/prometheus.sh"

log() { printf '[check-alerts] %s\n' "$*"; }
failures=()
dir=$FLEET_ROOT/deploy/prometheus

ensure_prometheus
log "$("$PROMTOOL_BIN" --version 2>&1 | head -n1)"
log "$("$PROMETHEUS_BIN" --version 2>&1 | head -n1)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a check, shows its output indented, and records it when it fails.
check() {
  local what=$1; shift
  log "$what"
  if "$@" >"$work/out" 2>&1; then
    sed 's/^/    /' "$work/out"
  else
    sed 's/^/    /' "$work/out"
    failures+=("$what")
  fi
}

check "promtool check rules deploy/prometheus/alerts.yml" \
  "$PROMTOOL_BIN" check rules "$dir/alerts.yml"

# Run from the directory so that rule_files resolves as in the test file.
check "promtool test rules deploy/prometheus/alerts.test.yml" \
  bash -c 'cd "$1" && "$2" test rules alerts.test.yml' _ "$dir" "$PROMTOOL_BIN"

# The demo's configuration, rendered as compose/demo renders it (absolute rule path), for
# the defaults and for 5 workers on other ports.
(
  unset RELAY_METRICS_PORT API_PORT DEMO_WORKER_PORT_BASE DEMO_WORKERS
  render_prometheus_config "$work/default.yml" "$dir/alerts.yml"
  render_prometheus_config "$work/committed.yml" alerts.yml
  RELAY_METRICS_PORT=29102 API_PORT=28080 DEMO_WORKER_PORT_BASE=29110 DEMO_WORKERS=5 \
    render_prometheus_config "$work/five-workers.yml" "$dir/alerts.yml"
)
check "promtool check config (the demo's rendering, default ports)" \
  "$PROMTOOL_BIN" check config "$work/default.yml"
check "promtool check config (5 workers on other ports)" \
  "$PROMTOOL_BIN" check config "$work/five-workers.yml"
check "promtool check config deploy/prometheus/prometheus.yml" \
  "$PROMTOOL_BIN" check config "$dir/prometheus.yml"
check "deploy/prometheus/prometheus.yml is the rendering for the defaults" \
  diff -u "$dir/prometheus.yml" "$work/committed.yml"
check "the 5-worker rendering scrapes 127.0.0.1:29111-29115" \
  grep -qF "['127.0.0.1:29111', '127.0.0.1:29112', '127.0.0.1:29113', '127.0.0.1:29114', '127.0.0.1:29115']" "$work/five-workers.yml"

# What was checked, counted from the files themselves.
groups=$(grep -cE '^  - name: ' "$dir/alerts.yml" || true)
alerts=$(grep -cE '^      - alert: ' "$dir/alerts.yml" || true)
records=$(grep -cE '^      - record: ' "$dir/alerts.yml" || true)
tests=$(grep -cE '^  - name: ' "$dir/alerts.test.yml" || true)
alert_cases=$(grep -cE '^ +alertname: ' "$dir/alerts.test.yml" || true)
expr_cases=$(grep -cE '^      - expr: ' "$dir/alerts.test.yml" || true)
log "alerts.yml: $groups groups, $alerts alerts, $records recording rules; alerts.test.yml: $tests tests, $alert_cases alert checks, $expr_cases expression checks"

# Every alert must be tested firing (a non-empty exp_alerts) somewhere.
untested=()
for a in $(awk '/^      - alert: / {print $3}' "$dir/alerts.yml"); do
  awk -v a="$a" '
    $1 == "alertname:" { name = $2; next }
    $1 == "exp_alerts:" && name == a && $2 != "[]" { found = 1 }
    END { exit !found }' "$dir/alerts.test.yml" || untested+=("$a")
done
if [ ${#untested[@]} -gt 0 ]; then
  log "alerts never tested firing: ${untested[*]}"
  failures+=("every alert tested firing")
fi

if [ ${#failures[@]} -gt 0 ]; then
  for f in "${failures[@]}"; do log "FAILED: $f"; done
  log "FAIL"
  exit 1
fi
log "PASS"
