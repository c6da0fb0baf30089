#!/usr/bin/env bash
# Checks that the durable local broker (compose/stack up --durable) keeps topics, records
# and committed consumer-group offsets across a restart, and that a group resumes at its
# committed offsets in time (durable_broker_check.py); then that records it acknowledged
# survive a restart while they are being produced (durable_produce_check.py). Restarts
# the broker (compose/stack restart kafka) twice.
#
#   compose/lib/check-durable-broker.sh [--kill] [--idempotent] [--records N] [--resume-within S]
#       --kill         restart with SIGKILL instead of SIGTERM (a crash, not a clean stop)
#       --idempotent   produce the second check with an idempotent producer, to see the
#                      loss that made the fleet turn idempotence off
#       other options go to durable_broker_check.py (--help there)
#
# Exits non-zero when a check fails or the broker is not the durable one.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

restart="$(printf %q "$here/../stack") restart kafka"
pass=()
produce=()
for arg in "$@"; do
  case "$arg" in
    --kill) restart="$restart --kill" ;;
    --idempotent) produce+=(--idempotent) ;;
    *) pass+=("$arg") ;;
  esac
done

# Only a broker that compose/stack started on the s3:// engine can be restarted and
# expected to keep anything: on memory:// every check after the restart fails.
engine=$(cat "$FLEET_STATE_DIR/kafka.engine" 2>/dev/null || true)
case "$engine" in
  s3://*) ;;
  *) echo "[check] the broker on $KAFKA_BROKERS is not a durable one started by compose/stack (engine: ${engine:-unknown}); run compose/stack up --durable" >&2
     exit 1 ;;
esac

# The check speaks Kafka through confluent-kafka (its wheel carries its own librdkafka).
if ! "$FLEET_VENV/bin/python" -c 'import confluent_kafka' 2>/dev/null; then
  echo "[check] installing confluent-kafka into $FLEET_VENV" >&2
  "$FLEET_VENV/bin/pip" install -q confluent-kafka
fi

status=0
"$FLEET_VENV/bin/python" "$here/durable_broker_check.py" \
  --brokers "$KAFKA_BROKERS" --restart-command "$restart" "${pass[@]}" || status=1
echo
"$FLEET_VENV/bin/python" "$here/durable_produce_check.py" \
  --brokers "$KAFKA_BROKERS" --restart-command "$restart" "${produce[@]}" || status=1
exit $status
