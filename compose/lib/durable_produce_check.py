"""Checks that records the durable local broker acknowledged survive the broker being
killed while they are produced (compose/stack up --durable). Run by
check-durable-broker.sh, which passes the restart command; needs confluent-kafka.

Produces --records unique records to one partition with the fleet's producer settings
(Sources/Kafka/KafkaConfiguration.swift: acks=all, plain retries, no idempotence),
restarts the broker once a quarter of them are acknowledged, then reads the partition
back and counts acknowledged records that are not there. --idempotent produces with
enable.idempotence=true instead, which is expected to lose some: Tansu's S3 engine stores
the producer's sequence number before the data, and librdkafka takes a retry answered
with DUPLICATE_SEQUENCE_NUMBER as delivered. Exits 1 if any acknowledged record is
missing.
"""
import argparse
import subprocess
import sys
import threading
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--restart-command", required=True)
    parser.add_argument("--topic", default="invoice-uploads")
    parser.add_argument("--records", type=int, default=1500)
    parser.add_argument("--idempotent", action="store_true")
    args = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    acknowledged, failed = set(), []

    def delivered(err, msg):
        (failed.append(msg.key()) if err else acknowledged.add(msg.key()))

    producer = Producer({"bootstrap.servers": args.brokers, "acks": "all", "linger.ms": 5,
                         "enable.idempotence": args.idempotent, "message.timeout.ms": 120000})
    restarted_at = []

    def restart_when_a_quarter_is_in():
        while len(acknowledged) < args.records // 4:
            time.sleep(0.02)
        restarted_at.append(len(acknowledged))
        subprocess.run(args.restart_command, shell=True, check=True, capture_output=True)

    threading.Thread(target=restart_when_a_quarter_is_in, daemon=True).start()
    for i in range(args.records):
        while True:
            try:
                producer.produce(args.topic, key=f"{run}-{i}".encode(), value=b"x" * 200,
                                 partition=0, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
        if i % 20 == 0:
            time.sleep(0.02)  # a steady stream, so that the restart lands mid-request
    producer.flush(180)

    reader = Consumer({"bootstrap.servers": args.brokers, "group.id": f"produce-check-{run}",
                       "enable.auto.commit": False})
    reader.assign([TopicPartition(args.topic, 0, 0)])
    stored, idle = set(), 0
    while idle < 8:
        batch = reader.consume(1000, 1.0)
        if not batch:
            idle += 1
            continue
        idle = 0
        stored.update(m.key() for m in batch if not m.error() and (m.key() or b"").startswith(run.encode()))
    reader.close()

    missing = sorted(acknowledged - stored)
    mode = "idempotent" if args.idempotent else "the fleet's (not idempotent)"
    print(f"[check] producer {mode}: {args.records} records, {len(acknowledged)} acknowledged, "
          f"{len(failed)} failed, broker restarted after {restarted_at[0] if restarted_at else '-'} "
          f"acknowledgements; {len(stored)} read back; acknowledged but missing: {len(missing)}"
          + (f" (first {missing[0].decode()})" if missing else ""))
    print(f"[check] FAILED: {len(missing)} acknowledged records lost" if missing
          else "[check] ok     no acknowledged record lost")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
