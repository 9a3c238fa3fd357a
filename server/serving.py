"""gunicorn's threaded worker with a deadline on reading each request.

gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first byte
arrives, and the thread then blocks until the request's headers (and the body the app
reads) are complete. Eight clients that send a byte now and then held all eight threads of
``topofmind serve``: every other request waited for good. Here each request must arrive
whole within ``REQUEST_READ_SECONDS`` (headers and body together, a 256 KB body included)
and each write of the answer may block at most ``WRITE_SECONDS``; a client slower than that
is disconnected and its thread freed. The first request's time starts when the connection
is accepted, so clients queued behind the slow ones are cut off at once rather than each
given the full time again (16 dawdlers on 8 threads: answered after ~10 s, not ~20 s). Use it with gunicorn's
``-k server.serving.DeadlineThreadWorker`` (``topofmind serve`` does).
"""

from __future__ import annotations

import errno
import socket
import time

from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_READ_SECONDS = 10.0
WRITE_SECONDS = 30.0


class DeadlineSocket:
    """A client socket whose reads share one deadline per request; everything else is the
    socket's own (selectors and gunicorn's poller use its fileno)."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._deadline: float | None = None

    def arm(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds

    def disarm(self) -> None:
        self._deadline = None

    def recv(self, size: int, *flags) -> bytes:
        if self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(errno.ETIMEDOUT, "the request did not arrive in time")
            self._sock.settimeout(remaining)
        return self._sock.recv(size, *flags)

    def send(self, data, *flags) -> int:
        if self._deadline is not None:
            self._sock.settimeout(WRITE_SECONDS)
        return self._sock.send(data, *flags)

    def sendall(self, data, *flags) -> None:
        if self._deadline is not None:
            self._sock.settimeout(WRITE_SECONDS)
        self._sock.sendall(data, *flags)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class DeadlineThreadWorker(ThreadWorker):
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            sock = DeadlineSocket(client_sock)
            sock.arm(REQUEST_READ_SECONDS)  # from now: time spent queued for a thread counts too
            conn = TConn(self.cfg, sock, client_addr, listener.getsockname())
            self.enqueue_req(conn)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise

    def handle(self, conn):
        sock = conn.sock
        if isinstance(sock, DeadlineSocket) and conn.initialized:  # the next request of a kept-alive connection
            sock.arm(REQUEST_READ_SECONDS)
        try:
            return super().handle(conn)
        except TimeoutError:
            self.log.debug("a client was too slow sending its request; closed")
            return False
        finally:
            if isinstance(sock, DeadlineSocket):
                sock.disarm()  # the answer is written; reads wait for the next request
