# Prometheus for the local fleet: Debian's `prometheus` package (the server and promtool),
# the demo's scrape configuration, and a server run like the fleet's other processes.
# Sourced by compose/lib/check-alerts.sh and compose/demo; needs env.sh first.
#
#   ensure_prometheus                       installs the package when missing (idempotent)
#   render_prometheus_config OUT RULES      writes the scrape configuration for the demo's
#                                           ports (RELAY_METRICS_PORT, API_PORT,
#                                           DEMO_WORKER_PORT_BASE, DEMO_WORKERS)
#   start_prometheus                        starts (or reloads) the server on
#                                           127.0.0.1:PROMETHEUS_PORT; needs process.sh
#
# The configuration it renders with the defaults and RULES=alerts.yml is
# deploy/prometheus/prometheus.yml byte for byte (check-alerts.sh checks that).

PROMETHEUS_BIN=${PROMETHEUS_BIN:-/usr/bin/prometheus}
PROMTOOL_BIN=${PROMTOOL_BIN:-/usr/bin/promtool}
PROMETHEUS_RULES=${PROMETHEUS_RULES:-$FLEET_ROOT/deploy/prometheus/alerts.yml}

prometheus_log() { printf '[prometheus] %s\n' "$*" >&2; }

# The package's own service (/etc/init.d/prometheus, or its systemd unit) would listen on
# 9090 with /etc/prometheus/prometheus.yml. Containers here deny service starts during
# installs (policy-rc.d) and have no systemd; where a start does happen, it was this
# install's doing, so it is undone: stopped, and disabled under systemd.
_prometheus_service_pid() {
  local pid
  pid=$(cat /run/prometheus/prometheus.pid 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/bin/prometheus ] || return 1
  printf '%s' "$pid"
}
_prometheus_systemd_active() {
  [ -d /run/systemd/system ] && systemctl is-active --quiet prometheus 2>/dev/null
}

ensure_prometheus() {
  if dpkg -s prometheus >/dev/null 2>&1 && [ -x "$PROMTOOL_BIN" ] && [ -x "$PROMETHEUS_BIN" ]; then
    return 0
  fi
  local service_before="" systemd_before=""
  _prometheus_service_pid >/dev/null && service_before=1
  _prometheus_systemd_active && systemd_before=1
  prometheus_log "installing Debian's prometheus package (server and promtool)"
  [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)" ] || apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; then
    # An old package list: refresh it once and try again.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  if [ -z "$systemd_before" ] && _prometheus_systemd_active; then
    prometheus_log "the install started the prometheus system service: stopping and disabling it"
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  local pid
  if [ -z "$service_before" ] && pid=$(_prometheus_service_pid); then
    prometheus_log "the install started the prometheus init service (pid $pid): stopping it"
    /etc/init.d/prometheus stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  fi
  [ -x "$PROMTOOL_BIN" ] && [ -x "$PROMETHEUS_BIN" ] || {
    prometheus_log "the prometheus package is installed but $PROMTOOL_BIN or $PROMETHEUS_BIN is missing"
    return 1
  }
}

# render_prometheus_config OUT RULES: RULES is written as given (relative paths are
# resolved from OUT's directory by Prometheus).
render_prometheus_config() {
  local out=$1 rules=$2
  local relay_port=${RELAY_METRICS_PORT:-9102} api_port=${API_PORT:-8080}
  local base=${DEMO_WORKER_PORT_BASE:-9110} workers=${DEMO_WORKERS:-3} i targets=""
  for i in $(seq 1 "$workers"); do targets+="${targets:+, }'127.0.0.1:$((base + i))'"; done
  cat > "$out" <<EOF
# Prometheus configuration for the local fleet of compose/demo: --keep-running starts a
# server with it, rendered by compose/lib/prometheus.sh into the demo's state directory
# for the run's ports and worker count. This one: the relay on ${relay_port}, ${workers} worker(s)
# on $((base + 1))-$((base + workers)), the query API on ${api_port}.
global:
  scrape_interval: 10s
  scrape_timeout: 5s
  evaluation_interval: 10s

rule_files:
  - ${rules}

scrape_configs:
  - job_name: invoice-fleet-relay
    static_configs:
      - targets: ['127.0.0.1:${relay_port}']
  - job_name: invoice-fleet-worker
    static_configs:
      - targets: [${targets}]
  # The query API serves /metrics on its own port (no API key needed).
  - job_name: invoice-fleet-api
    static_configs:
      - targets: ['127.0.0.1:${api_port}']
EOF
}

prometheus_port() { printf '%s' "${PROMETHEUS_PORT:-9090}"; }

# start_prometheus: renders the configuration into $FLEET_STATE_DIR/prometheus/ and starts
# the server as the process "prometheus" (pid in $FLEET_STATE_DIR/pids, log in
# $FLEET_STATE_DIR/logs), its data in $FLEET_STATE_DIR/prometheus/data. When it is
# already running, it is told to reload (SIGHUP), so that a run with another worker count
# is scraped right. Returns 1, saying why, when it does not come up.
start_prometheus() {
  declare -F start_process >/dev/null || source "$FLEET_ROOT/compose/lib/process.sh"
  local dir="$FLEET_STATE_DIR/prometheus" port pid
  port=$(prometheus_port)
  mkdir -p "$dir/data"
  render_prometheus_config "$dir/prometheus.yml" "$PROMETHEUS_RULES"
  if ! "$PROMTOOL_BIN" check config "$dir/prometheus.yml" >"$dir/check-config.out" 2>&1; then
    cat "$dir/check-config.out" >&2
    prometheus_log "the rendered configuration $dir/prometheus.yml does not pass promtool check config"
    return 1
  fi
  if pid=$(running_pid prometheus); then
    kill -HUP "$pid"
    prometheus_log "prometheus already running (pid $pid): reloaded $dir/prometheus.yml"
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    prometheus_log "port $port is taken by another process: set PROMETHEUS_PORT to a free port"
    return 1
  fi
  start_process prometheus "$PROMETHEUS_BIN" \
    --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=7d \
    --web.listen-address="127.0.0.1:$port" \
    --web.enable-lifecycle
  local _
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/-/ready" 2>/dev/null; then return 0; fi
    running_pid prometheus >/dev/null || break
    sleep 0.2
  done
  tail -n 5 "$(log_file prometheus)" >&2 || true
  prometheus_log "prometheus did not become ready on 127.0.0.1:$port (log: $(log_file prometheus))"
  return 1
}
