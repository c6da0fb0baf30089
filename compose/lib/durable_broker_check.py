"""Checks that the local broker keeps topics, records and committed consumer-group
offsets across a restart (compose/stack up --durable). Run by check-durable-broker.sh,
which passes the restart command; needs confluent-kafka.

Steps: produce N records to a fresh topic, consume half of them in a group and commit,
restart the broker, then check that the topic still has its partitions, that all N
records read back, and that the group resumes at its committed offsets: nothing before
them again, everything after them, the first record within --resume-within seconds.
Prints what it measured; exits 1 on any failure.
"""
import argparse
import subprocess
import sys
import time
import uuid

from confluent_kafka import OFFSET_INVALID, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def log(message):
    print(f"[check] {message}", flush=True)


def group_consumer(args, group):
    # The fleet's own consumer settings (Sources/Kafka/KafkaConfiguration.swift). Tansu
    # holds every JoinGroup for half the group's session timeout, so the session timeout
    # decides how long a (re)joining member waits for its partitions.
    return Consumer({
        "bootstrap.servers": args.brokers,
        "group.id": group,
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": args.session_timeout_ms,
        "heartbeat.interval.ms": 1000,
        "max.poll.interval.ms": 300000,
        "partition.assignment.strategy": args.assignment_strategy,
        "enable.partition.eof": False,
    })


def wait_for_topic(admin, topic, partitions, timeout):
    deadline = time.monotonic() + timeout
    found = None
    while time.monotonic() < deadline:
        metadata = admin.list_topics(topic=topic, timeout=5)
        entry = metadata.topics.get(topic)
        if entry is not None and entry.error is None:
            found = len(entry.partitions)
            if found == partitions:
                return found
        time.sleep(0.2)
    return found


def committed_offsets(args, group, topic):
    # committed() asks the coordinator without joining the group.
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": group,
                         "enable.auto.commit": False})
    try:
        result = consumer.committed(
            [TopicPartition(topic, p) for p in range(args.partitions)], timeout=10)
        return {tp.partition: tp.offset for tp in result}
    finally:
        consumer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--restart-command", required=True)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--resume-within", type=float, default=20.0,
                        help="seconds after the restart by which the group's first record must arrive")
    parser.add_argument("--session-timeout-ms", type=int, default=10000)
    parser.add_argument("--assignment-strategy", default="cooperative-sticky")
    args = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    topic, group = f"durable-check-{run}", f"durable-check-{run}"
    failures = []

    def check(ok, what):
        log(("ok     " if ok else "FAILED ") + what)
        if not ok:
            failures.append(what)

    admin = AdminClient({"bootstrap.servers": args.brokers})
    for future in admin.create_topics([NewTopic(topic, args.partitions, 1)]).values():
        future.result(timeout=30)
    check(wait_for_topic(admin, topic, args.partitions, 30) == args.partitions,
          f"topic {topic} created with {args.partitions} partitions")

    # Produce: record i goes to partition i % P, value "i"; the delivery reports give
    # each record's offset.
    produced = {}
    errors = []

    def delivered(err, msg):
        if err is not None:
            errors.append(err)
        else:
            produced[(msg.partition(), msg.offset())] = msg.value().decode()

    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": False,
                         "linger.ms": 5})
    for i in range(args.records):
        producer.produce(topic, key=str(i), value=str(i), partition=i % args.partitions,
                         on_delivery=delivered)
    producer.flush(30)
    check(not errors and len(produced) == args.records,
          f"{len(produced)}/{args.records} records produced ({len(errors)} errors)")

    # Consume half in the group and commit exactly what was consumed.
    half = args.records // 2
    consumer = group_consumer(args, group)
    consumer.subscribe([topic])
    started = time.monotonic()
    consumed = []
    while len(consumed) < half and time.monotonic() - started < 60:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        consumed.append((msg.partition(), msg.offset()))
    first_join = time.monotonic() - started
    commit = {}
    for partition, offset in consumed:
        commit[partition] = max(commit.get(partition, 0), offset + 1)
    if commit:
        consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in commit.items()],
                        asynchronous=False)
    consumer.close()
    check(len(consumed) == half,
          f"{len(consumed)}/{half} records consumed in group {group} and committed {commit} "
          f"({first_join:.1f} s, including the first join)")
    before = committed_offsets(args, group, topic)
    expected_commit = {p: commit.get(p, OFFSET_INVALID) for p in range(args.partitions)}
    check(before == expected_commit, f"committed offsets before the restart: {before}")

    # Restart the broker.
    log(f"restarting the broker: {args.restart_command}")
    restart_started = time.monotonic()
    subprocess.run(args.restart_command, shell=True, check=True)
    restarted = time.monotonic()
    restart_seconds = restarted - restart_started

    # The topic, its partitions, and the committed offsets.
    partitions = wait_for_topic(admin, topic, args.partitions, 30)
    check(partitions == args.partitions,
          f"topic {topic} exists after the restart with {partitions} partitions")
    after = committed_offsets(args, group, topic)
    check(after == before, f"committed offsets after the restart: {after}")

    # All N records, read by assignment (no group).
    reader = Consumer({"bootstrap.servers": args.brokers, "group.id": f"reader-{run}",
                       "enable.auto.commit": False, "enable.partition.eof": False})
    reader.assign([TopicPartition(topic, p, 0) for p in range(args.partitions)])
    read = {}
    read_started = time.monotonic()
    while len(read) < args.records and time.monotonic() - read_started < 30:
        msg = reader.poll(0.5)
        if msg is None or msg.error():
            continue
        read[(msg.partition(), msg.offset())] = msg.value().decode()
    reader.close()
    check(read == produced,
          f"{len(read)}/{args.records} records read back by assignment, identical to those "
          f"produced ({time.monotonic() - read_started:.1f} s)")

    # The group resumes at its committed offsets.
    remaining = {key for key in produced if key[1] >= commit.get(key[0], 0)}
    consumer = group_consumer(args, group)
    assigned_at = []
    consumer.subscribe([topic], on_assign=lambda c, ps: assigned_at.append(time.monotonic()))
    resume_started = time.monotonic()
    delivered_after = []
    first_record = None
    limit = max(args.resume_within, 0) + 10
    while len(delivered_after) < len(remaining) and time.monotonic() - resume_started < limit:
        msg = consumer.poll(0.2)
        if msg is None or msg.error():
            continue
        if first_record is None:
            first_record = time.monotonic()
        delivered_after.append((msg.partition(), msg.offset()))
    # A little longer, so that a re-delivery right after the last record shows too.
    linger = time.monotonic()
    while time.monotonic() - linger < 2:
        msg = consumer.poll(0.2)
        if msg is not None and not msg.error():
            delivered_after.append((msg.partition(), msg.offset()))
    consumer.close()

    redelivered = [key for key in delivered_after if key not in remaining]
    duplicates = len(delivered_after) - len(set(delivered_after))
    missing = remaining - set(delivered_after)
    since_restart = (first_record - restarted) if first_record else None
    check(not redelivered, f"no record before the committed offsets re-delivered ({len(redelivered)})")
    check(not missing and duplicates == 0,
          f"all {len(remaining)} records after the committed offsets delivered once "
          f"({len(missing)} missing, {duplicates} duplicates)")
    check(since_restart is not None and since_restart <= args.resume_within,
          "the group's first record within %.0f s of the restart (%s)"
          % (args.resume_within, "none" if since_restart is None else f"{since_restart:.1f} s"))

    print()
    print(f"restart (stop, start, broker answers): {restart_seconds:.2f} s")
    if assigned_at:
        print(f"group assignment after subscribe:        {assigned_at[0] - resume_started:.2f} s")
    if first_record:
        print(f"group's first record after subscribe:    {first_record - resume_started:.2f} s")
        print(f"group's first record after the restart:  {since_restart:.2f} s")
    print(f"records: {args.records} produced, {half} committed before the restart, "
          f"{len(set(delivered_after) & remaining)} resumed after it")
    if failures:
        print(f"FAILED: {len(failures)} check(s)")
        return 1
    print("durable broker check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
