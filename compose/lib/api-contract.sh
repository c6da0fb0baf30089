#!/usr/bin/env bash
# Checks the query API against its OpenAPI document, as CI does (compose/test runs it):
#   1. Sources/InvoiceQueryAPI/openapi.json is a valid OpenAPI 3.1 document
#      (openapi-spec-validator);
#   2. invoices are stored through the real pipeline (invoice-fleet setup, relay, worker,
#      loadtest) in a bucket, queue, table and topics of this run's own, on the local stack;
#   3. `invoice-fleet api` is started on a free port over that table, with a new API key,
#      and must serve /openapi.json byte for byte as the repository has it;
#   4. schemathesis (installed into $FLEET_VENV when missing) tests every operation of the
#      served document with the key: examples, coverage and fuzzing phases, all checks,
#      a bounded number of examples per operation;
#   5. everything started here is stopped again.
# Exit code: 0 only when the document is valid and schemathesis found no failure.
#
# Needs the debug build (.build/debug/invoice-fleet, or FLEET_BINARY) and the local stack;
# starts the stack (and stops it afterwards) if it is not running.
#
# Tuning: SCHEMATHESIS_VERSION (default 4.32.5, the version this configuration was
# written against), SCHEMATHESIS_MAX_EXAMPLES (default 50 per operation),
# SCHEMATHESIS_SEED (default random; the run prints the one it used),
# API_CONTRACT_TIMEOUT (default 600 s for the schemathesis run), API_CONTRACT_INVOICES
# (default 30 stored invoices).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
# shellcheck source=process.sh
source "$here/process.sh"

say() { printf '[api-contract] %s\n' "$*" >&2; }

bin=${FLEET_BINARY:-$FLEET_ROOT/.build/debug/invoice-fleet}
spec=$FLEET_ROOT/Sources/InvoiceQueryAPI/openapi.json
st_version=${SCHEMATHESIS_VERSION:-4.32.5}
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-50}
st_timeout=${API_CONTRACT_TIMEOUT:-600}
invoice_count=${API_CONTRACT_INVOICES:-30}

if [ ! -x "$bin" ]; then
  say "no $bin: build it first (swift build --product invoice-fleet; compose/test does)"
  exit 1
fi

# --- Tools, in the project's Python environment --------------------------------------

if [ ! -x "$FLEET_VENV/bin/pip" ]; then
  say "creating python environment in $FLEET_VENV"
  python3 -m venv "$FLEET_VENV"
fi
if ! "$FLEET_VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "version $st_version"; then
  say "installing schemathesis $st_version into $FLEET_VENV"
  "$FLEET_VENV/bin/pip" install -q "schemathesis==$st_version"
fi
if [ ! -x "$FLEET_VENV/bin/openapi-spec-validator" ]; then
  say "installing openapi-spec-validator into $FLEET_VENV"
  "$FLEET_VENV/bin/pip" install -q openapi-spec-validator
fi
if ! "$FLEET_VENV/bin/python" -c 'import boto3' 2>/dev/null; then
  say "installing boto3 into $FLEET_VENV (reads the stored access keys for schemathesis)"
  "$FLEET_VENV/bin/pip" install -q boto3
fi

# --- 1. The document itself ------------------------------------------------------------

if ! "$FLEET_VENV/bin/openapi-spec-validator" "$spec" >&2; then
  say "FAILED: $spec is not a valid OpenAPI 3.1 document"
  exit 1
fi

# --- The local stack -------------------------------------------------------------------

first_broker=${KAFKA_BROKERS%%,*}
aws_host_port=${AWS_ENDPOINT_URL#*://}
aws_host_port=${aws_host_port%%/*}
stack_up() { port_open "${first_broker%:*}" "${first_broker##*:}" && port_open "${aws_host_port%:*}" "${aws_host_port##*:}"; }

run=contract-$(date +%s)-$$
work=$(mktemp -d)
started=()
stack_started=""
cleanup() {
  local code=$?
  for ((i=${#started[@]}-1; i>=0; i--)); do stop_process "${started[$i]}"; done
  [ -n "$stack_started" ] && "$FLEET_ROOT/compose/stack" down
  rm -rf "$work"
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! stack_up; then
  say "the local stack is not running: starting it"
  stack_started=1
  FLEET_SKIP_BUILD=1 "$FLEET_ROOT/compose/stack" up
fi

launch() {
  local name=$1; shift
  start_process "$name" "$@"
  started+=("$name")
}

# --- 2. Invoices stored by the pipeline, in resources of this run ----------------------

export INVOICE_BUCKET=$run INVOICE_QUEUE=$run INVOICE_TABLE=$run
export KAFKA_UPLOADS_TOPIC=$run-uploads KAFKA_PROCESSED_TOPIC=$run-processed KAFKA_DLQ_TOPIC=$run-dlq
export KAFKA_CONSUMER_GROUP=$run-workers KAFKA_UPLOADS_PARTITIONS=2
say "storing $invoice_count invoices through setup, relay, worker and loadtest (bucket, queue, table $run)"
"$bin" setup --quiet
launch "$run-relay" env RELAY_ID="$run-relay" RELAY_METRICS_PORT=none RELAY_WAIT_SECONDS=1 "$bin" relay
launch "$run-worker" env WORKER_ID="$run-worker" WORKER_METRICS_PORT=none "$bin" worker
if ! "$bin" loadtest --count "$invoice_count" --broken-share 0 --timeout 180 --quiet --report "$work/loadtest.json" >&2; then
  say "FAILED: the pipeline did not store the invoices (logs: $(log_file "$run-relay"), $(log_file "$run-worker"))"
  exit 1
fi
stop_process "$run-worker"
stop_process "$run-relay"

# Stored access keys and customers, so that schemathesis also asks for what exists.
"$FLEET_VENV/bin/python" - "$INVOICE_TABLE" "$work/stored.toml" "$work/stored-key" <<'PY'
import json, os, sys
import boto3

client = boto3.client(
    "dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ.get("AWS_REGION", "us-east-1")
)
keys, customers = [], set()
for page in client.get_paginator("scan").paginate(TableName=sys.argv[1], ProjectionExpression="pk, customerDocument"):
    for item in page["Items"]:
        keys.append(item["pk"]["S"])
        customers.add(item["customerDocument"]["S"])
if not keys:
    sys.exit("no invoice stored in " + sys.argv[1])
with open(sys.argv[2], "w") as toml:
    toml.write("[dictionaries.stored-access-keys]\nvalues = " + json.dumps(sorted(keys)) + "\n")
    toml.write("[dictionaries.stored-customers]\nvalues = " + json.dumps(sorted(customers)) + "\n")
with open(sys.argv[3], "w") as key:
    key.write(sorted(keys)[0])
PY

# --- 3. The API over that table ----------------------------------------------------------

key_and_hash=$("$bin" api new-key)
api_key=$(sed -n 1p <<<"$key_and_hash")
api_hash=$(sed -n 2p <<<"$key_and_hash")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port
launch "$run-api" env API_HOST=127.0.0.1 API_PORT="$port" API_KEY_HASHES="$api_hash" API_KEYS_FILE= \
  API_CURSOR_SECRET="$run-$RANDOM$RANDOM" "$bin" api
api_healthy() { curl -fsS -o /dev/null --max-time 2 "$base/health" 2>/dev/null; }
if ! wait_until "invoice-fleet api on port $port" api_healthy; then
  tail -n 20 "$(log_file "$run-api")" >&2 || true
  exit 1
fi
if ! curl -fsS --max-time 5 "$base/openapi.json" | cmp -s - "$spec"; then
  say "FAILED: $base/openapi.json is not $spec (a stale build or resource bundle?)"
  exit 1
fi
# The key must open a stored invoice, and nothing without it: otherwise schemathesis would
# see only 401s, which its checks accept.
(umask 077 && printf 'X-API-Key: %s\n' "$api_key" > "$work/key-header")
stored_key=$(cat "$work/stored-key")
with_key=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 -H @"$work/key-header" "$base/invoices/$stored_key")
without_key=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$base/invoices/$stored_key")
if [ "$with_key" != 200 ] || [ "$without_key" != 401 ]; then
  say "FAILED: GET /invoices/$stored_key answered $with_key with the key (want 200) and $without_key without (want 401)"
  exit 1
fi
say "API up at $base: serves the repository's OpenAPI document, a stored invoice with the key, 401 without"

# --- 4. schemathesis -----------------------------------------------------------------------

# The document states what a well-formed request is. Three rules of the API cannot be
# written in JSON Schema, so a schema-valid request may still be rightly refused with 400:
#   - getInvoice: the access key's 44th digit is a mod-11 check digit (invalid_access_key);
#   - listCustomerInvoices: a cursor must be one the API signed for that customer
#     (invalid_cursor), and `from` must not be after `to` (invalid_date).
# For these two operations (only), positive_data_acceptance therefore also accepts 400;
# every other check, negative data included, runs unchanged. The dictionaries make
# schemathesis ask for stored invoices and customers half of the time, so that successful
# answers (and their schemas) are tested, not only refusals.
cat > "$work/schemathesis.toml" <<'TOML'
headers = { "X-API-Key" = "${API_CONTRACT_KEY}" }

[[operations]]
include-operation-id = "getInvoice"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
parameters = { "path.accessKey" = { dictionary = "stored-access-keys", probability = 0.5 } }

[[operations]]
include-operation-id = "listCustomerInvoices"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
parameters = { "path.document" = { dictionary = "stored-customers", probability = 0.5 } }

TOML
cat "$work/stored.toml" >> "$work/schemathesis.toml"

say "schemathesis $st_version: up to $max_examples examples per operation, at most $st_timeout s"
seed_args=()
[ -n "${SCHEMATHESIS_SEED:-}" ] && seed_args=(--seed "$SCHEMATHESIS_SEED")
# Run from the scratch directory: schemathesis keeps its example database and crash
# cache (.hypothesis/, .schemathesis/) in the working directory.
set +e
(cd "$work" && API_CONTRACT_KEY=$api_key timeout --kill-after=10 "$st_timeout" \
  "$FLEET_VENV/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/openapi.json" \
  --max-examples "$max_examples" --request-timeout 10 --no-color "${seed_args[@]}")
status=$?
set -e
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  say "FAILED: schemathesis did not finish within $st_timeout s"
elif [ "$status" -ne 0 ]; then
  say "FAILED: schemathesis found problems (exit $status); the API's log: $(log_file "$run-api")"
else
  say "schemathesis found no failures"
fi
exit "$status"
