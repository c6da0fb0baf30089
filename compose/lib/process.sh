# Starting, stopping and reporting the processes of the local stack. Every process started
# here records its pid under $FLEET_STATE_DIR/pids, so that `down` stops exactly those.
pid_dir="$FLEET_STATE_DIR/pids"
log_dir="$FLEET_STATE_DIR/logs"
mkdir -p "$pid_dir" "$log_dir"

log() { printf '[stack] %s\n' "$*" >&2; }
log_file() { printf '%s/%s.log' "$log_dir" "$1"; }
pid_file() { printf '%s/%s.pid' "$pid_dir" "$1"; }

# process_alive PID: running, and not a zombie. Orphans are reparented to this machine's
# init, which reaps them only every second or two, and kill -0 succeeds on a zombie.
process_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
  [ "$state" != Z ]
}

running_pid() {
  local f; f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  local pid; pid=$(cat "$f")
  process_alive "$pid" && printf '%s' "$pid"
}

# start_process NAME COMMAND...: starts COMMAND in the background, in its own session so
# that stopping it stops its children too.
start_process() {
  local name=$1; shift
  if running_pid "$name" >/dev/null; then log "$name already running (pid $(running_pid "$name"))"; return; fi
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
  log "started $name (pid $!, log $(log_file "$name"))"
}

stop_process() { stop_processes "$1"; }

# stop_processes NAME...: SIGTERM to all at once, then waits up to 10 s for each (SIGKILL
# after that). Consumer-group members must leave together: stopped one by one, each
# departure starts a rebalance that the next one interrupts, and the local broker (Tansu
# 0.6) can keep a departed member as the group's leader, so that no later member is ever
# given partitions.
stop_processes() {
  local name pid names=() pids=()
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
    else
      rm -f "$(pid_file "$name")"
    fi
  done
  local i
  for i in "${!pids[@]}"; do
    for _ in $(seq 1 50); do process_alive "${pids[$i]}" || break; sleep 0.2; done
    if process_alive "${pids[$i]}"; then
      kill -KILL -- "-${pids[$i]}" 2>/dev/null || true
      log "stopped ${names[$i]} (pid ${pids[$i]}) with SIGKILL: it did not exit within 10 s of SIGTERM"
    else
      log "stopped ${names[$i]} (pid ${pids[$i]})"
    fi
    rm -f "$(pid_file "${names[$i]}")"
  done
}

# kill_process NAME: SIGKILL at once, no grace period: a crash, for restart tests (what a
# process had not written anywhere yet is lost, as it would be in production).
kill_process() {
  local name=$1 pid
  if pid=$(running_pid "$name"); then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do process_alive "$pid" || break; sleep 0.1; done
    log "killed $name (pid $pid) with SIGKILL"
  fi
  rm -f "$(pid_file "$name")"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_until() {
  local what=$1; shift
  for _ in $(seq 1 150); do "$@" && return 0; sleep 0.2; done
  log "$what did not come up within 30 s; see compose/stack logs"
  return 1
}

report() {
  local name=$1 where=$2 check=$3 pid state
  pid=$(running_pid "$name" || true)
  if "$check"; then state=healthy; else state=DOWN; fi
  local owner="not started by this script"
  [ -n "$pid" ] && owner="pid $pid"
  printf '%-12s %-8s %-45s %s\n' "$name" "$state" "$where" "$owner"
  [ "$state" = healthy ]
}

# The invoice-fleet binary, built (incrementally) if needed; FLEET_BINARY names a
# prebuilt one instead (and skips the build).
fleet_binary() {
  local root=$FLEET_ROOT
  if [ -n "${FLEET_BINARY:-}" ]; then
    [ -x "$FLEET_BINARY" ] || { log "FLEET_BINARY=$FLEET_BINARY is not an executable"; exit 1; }
    printf '%s' "$FLEET_BINARY"; return
  fi
  if [ -z "${FLEET_SKIP_BUILD:-}" ]; then
    log "building invoice-fleet (swift build, incremental)"
    (cd "$root" && swift build --product invoice-fleet 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | grep -v "^\[" >&2 || true)
  fi
  local bin="$root/.build/debug/invoice-fleet"
  [ -x "$bin" ] || { log "no $bin: the build failed (run swift build)"; exit 1; }
  printf '%s' "$bin"
}
