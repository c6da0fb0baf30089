"""moto's server, with DynamoDB's writes applied one at a time, as DynamoDB applies a
conditional write atomically, with HTTP/1.1 keep-alive connections, and with SQS's
ReceiveMessage in time independent of the queue's depth.

moto checks a write's condition and then applies it without a lock, and its server
answers requests on threads: two conditional PutItem calls for one key can both pass
their condition and both write, which DynamoDB never allows. The fleet's identity rule
(one invoice per access key) rests on that guarantee, so the local stack must keep it.

Werkzeug's dev server (since 2.1.2) ends every response with `Connection: close`,
because http.server never skips a request body the application left unread. So every
client call paid a new TCP connection (and a thread). The request handler below frames
each request body itself (Content-Length or chunked), skips what the application did
not read, and frames each response (Content-Length or chunked), so that connections
stay open; one thread per connection, closed after KEEPALIVE_IDLE_SECONDS idle.

MOTO_KEEPALIVE=0 runs moto's own server as before (a new connection per request).

moto's ReceiveMessage checks each message it returns against the queue's retention
period by building all of the queue's attributes, three times over, and two of them
(ApproximateNumberOfMessages...) scan every message in the queue: 10 messages from a
queue 500 deep took about 500 ms of moto's CPU, 20 s for the relay to drain 500
notifications. The retention period is read from the queue itself below (same rule).

Usage: python moto_atomic.py [moto_server options], e.g. -H 127.0.0.1 -p 5000.
Everything but the request handler is moto's own main(): same options, same app.
"""
import io
import os
import socket
import sys
import threading
import traceback

import moto.server
from moto.core.utils import unix_time
from moto.dynamodb.models import DynamoDBBackend
from moto.sqs.models import SQSBackend
from moto.server import main
from werkzeug.exceptions import InternalServerError

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


def _within_retention_period(self, queue_name, message):
    queue = self.get_queue(queue_name)
    return queue.message_retention_period + message.sent_timestamp / 1000 > unix_time()


if hasattr(SQSBackend, "is_message_valid_based_on_retention_period"):
    SQSBackend.is_message_valid_based_on_retention_period = _within_retention_period

# Longer than AsyncHTTPClient's pool idle timeout (60 s), so that the client retires an
# idle connection before the server closes it and never sends on a closing one.
KEEPALIVE_IDLE_SECONDS = 75


class _ClientGone(ConnectionError):
    """The client closed its connection before the end of the request body."""


class _LengthBody(io.RawIOBase):
    """A Content-Length body: reads end where the request ends, never in the next one."""

    def __init__(self, rfile, length):
        self._rfile, self._left = rfile, length

    def readable(self):
        return True

    def readinto(self, buf):
        if self._left == 0:
            return 0
        n = self._rfile.readinto(memoryview(buf)[:min(len(buf), self._left)])
        if not n:
            raise _ClientGone("request body ended early")
        self._left -= n
        return n


class _ChunkedBody(io.RawIOBase):
    """A `Transfer-Encoding: chunked` body, trailers included (werkzeug's DechunkedInput
    refuses them)."""

    def __init__(self, rfile):
        self._rfile, self._left, self._done = rfile, 0, False

    def readable(self):
        return True

    def _line(self):
        line = self._rfile.readline(65537)
        if not line.endswith(b"\n"):
            raise _ClientGone("chunked body ended early") if not line else OSError("chunk line too long")
        return line

    def readinto(self, buf):
        if self._left == 0:
            if self._done:
                return 0
            try:
                size = int(self._line().split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise OSError("invalid chunk size") from None
            if size < 0:
                raise OSError("invalid chunk size")
            if size == 0:
                while self._line().strip():  # the trailer fields, up to the empty line
                    pass
                self._done = True
                return 0
            self._left = size
        n = self._rfile.readinto(memoryview(buf)[:min(len(buf), self._left)])
        if not n:
            raise _ClientGone("chunked body ended early")
        self._left -= n
        if self._left == 0 and self._line().strip():
            raise OSError("chunk not followed by CRLF")
        return n


class KeepAliveRequestHandler(moto.server.MotoRequestHandler):
    """moto's handler (its environ), with werkzeug's run_wsgi replaced by one that can
    leave the connection open."""

    protocol_version = "HTTP/1.1"
    timeout = KEEPALIVE_IDLE_SECONDS  # socket timeout: idle wait and any stalled read/write
    wbufsize = 64 * 1024  # headers and body leave in one send; flushed once per response

    def setup(self):
        super().setup()
        # Small responses on a kept connection would otherwise wait for a delayed ACK.
        if self.connection.family in (socket.AF_INET, socket.AF_INET6):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle_expect_100(self):
        ok = super().handle_expect_100()
        self.wfile.flush()  # the client waits for it before sending the body
        return ok

    def log_error(self, format, *args):
        if not format.startswith("Request timed out"):  # an idle connection closed
            super().log_error(format, *args)

    def make_environ(self):
        environ = super().make_environ()
        framing = self.headers.get("Transfer-Encoding")
        lengths = set(self.headers.get_all("Content-Length") or ())
        if framing is not None:
            if framing.lower().rsplit(",", 1)[-1].strip() == "chunked":
                body = _ChunkedBody(self.rfile)
            else:  # no way to find the body's end: read none, and close after
                body = _LengthBody(self.rfile, 0)
                self.close_connection = True
            if lengths:  # both: a smuggling pattern (RFC 9112 6.1), do not reuse
                self.close_connection = True
            environ["wsgi.input_terminated"] = True
        else:
            try:
                length = int(lengths.pop()) if len(lengths) == 1 else 0
                if length < 0 or lengths:
                    raise ValueError
            except ValueError:
                length = 0
                self.close_connection = True
            body = _LengthBody(self.rfile, length)
        self._body = environ["wsgi.input"] = body  # moto may replace wsgi.input; keep ours
        return environ

    def run_wsgi(self):
        if self.request_version < "HTTP/1.1":
            self.close_connection = True  # HTTP/1.0: no keep-alive, nor chunked answers
        self.environ = environ = self.make_environ()
        status = headers = None
        sent = False
        framing = None  # "none", "length", "chunked" or "close"
        declared = written = 0

        def start_response(new_status, new_headers, exc_info=None):
            nonlocal status, headers
            if exc_info:
                try:
                    if sent:
                        raise exc_info[1].with_traceback(exc_info[2])
                finally:
                    exc_info = None
            elif headers is not None:
                raise AssertionError("Headers already set")
            status, headers = new_status, new_headers
            return write

        def send_headers():
            nonlocal sent, framing, declared
            code_text, _, reason = status.partition(" ")
            code = int(code_text)
            self.send_response(code, reason)
            names = {}
            for name, value in headers:
                self.send_header(name, value)  # an app's `Connection: close` sets close_connection
                names[name.lower()] = value
            if environ["REQUEST_METHOD"] == "HEAD" or 100 <= code < 200 or code in (204, 304):
                framing = "none"
            elif "content-length" in names:
                framing = "length"
                try:
                    declared = int(names["content-length"])
                except ValueError:
                    self.close_connection = True
            elif not self.close_connection:
                framing = "chunked"
                self.send_header("Transfer-Encoding", "chunked")
            else:
                framing = "close"  # the body ends where the connection does
            if self.close_connection and "connection" not in names:
                self.send_header("Connection", "close")
            self.end_headers()
            sent = True

        def write(data):
            nonlocal written
            if not sent:
                send_headers()
            if not data or framing == "none":
                return
            if framing == "chunked":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()  # a chunked answer is a stream: pass each piece on
            else:
                written += len(data)
                self.wfile.write(data)

        def execute(app):
            result = app(environ, start_response)
            try:
                for data in result:
                    write(data)
                if not sent:
                    write(b"")
                if framing == "chunked":
                    self.wfile.write(b"0\r\n\r\n")
                elif framing == "length" and written != declared:
                    self.close_connection = True  # the client would wait for, or misread, bytes
            finally:
                if hasattr(result, "close"):
                    result.close()

        try:
            execute(self.server.app)
            self.wfile.flush()
            # The next request starts after this body: skip what the app did not read.
            while self._body.read(64 * 1024):
                pass
        except (ConnectionError, socket.timeout) as e:  # the client went away
            self.close_connection = True
            self.connection_dropped(e, environ)
        except Exception:
            if self.server.passthrough_errors:
                raise
            self.close_connection = True
            if not sent:
                status = headers = None
                try:
                    execute(InternalServerError())
                except Exception:
                    pass
            self.server.log("error", "Error on request:\n%s", traceback.format_exc())


if __name__ == "__main__":
    if os.environ.get("MOTO_KEEPALIVE", "1") != "0":
        if "MotoRequestHandler" in main.__code__.co_names:
            moto.server.MotoRequestHandler = KeepAliveRequestHandler  # the name main() passes to run_simple
        else:
            print("moto_atomic: moto's main() no longer names MotoRequestHandler: "
                  "serving without keep-alive", file=sys.stderr)
    sys.exit(main())
