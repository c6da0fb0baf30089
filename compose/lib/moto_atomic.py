"""moto's server, with DynamoDB's writes applied one at a time, as DynamoDB applies a
conditional write atomically.

moto checks a write's condition and then applies it without a lock, and its server
answers requests on threads: two conditional PutItem calls for one key can both pass
their condition and both write, which DynamoDB never allows. The fleet's identity rule
(one invoice per access key) rests on that guarantee, so the local stack must keep it.
Usage: python moto_atomic.py [moto_server options], e.g. -H 127.0.0.1 -p 5000.
"""
import sys
import threading

from moto.dynamodb.models import DynamoDBBackend
from moto.server import main

_writes = threading.RLock()


def _one_at_a_time(method):
    def write(*args, **kwargs):
        with _writes:
            return method(*args, **kwargs)
    write.__name__ = method.__name__
    return write


for _name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items"):
    if hasattr(DynamoDBBackend, _name):
        setattr(DynamoDBBackend, _name, _one_at_a_time(getattr(DynamoDBBackend, _name)))

if __name__ == "__main__":
    sys.exit(main())
