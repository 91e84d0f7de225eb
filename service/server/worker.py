"""gunicorn's threaded worker with a deadline on reading each request.

gunicorn's gthread worker gives a connection a thread once its first bytes arrive, and
then reads the request line, the headers and (inside the app) the body with blocking
reads and no time limit: a client that sends a byte now and then keeps that thread for
as long as it likes (bench/slowloris.py shows it). This worker bounds the whole read of
one request, headers and body together, to QUOTES_REQUEST_READ_SECONDS: a client slower
than that is disconnected (without the graceful linger gunicorn gives a client it
closes, which would hold the worker's main loop), and a body that stops arriving is
answered 408 by the app (service.server.errors). With enough threads per worker
(gunicorn.conf.py), slow clients then hold only their own threads, never the engine.
"""
from __future__ import annotations

import json
import os
import socket
import time

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from ..core.config import Settings
from .errors import RequestReadTimeout, problem_body
from .headers import SECURITY_HEADERS

# gunicorn answers these itself, before the app, for a request it cannot parse
_SLUGS = {400: "malformed-request", 414: "request-line-too-long", 431: "header-fields-too-large",
          500: "internal-error"}


def resident_mb() -> float:
    """This process's resident memory in MB (Linux /proc; 0 where there is none)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def retire_if_swollen(worker, limit_mb: float) -> None:
    """After a request: a worker resident past ``limit_mb`` (0: no limit) stops taking
    requests, finishes those it has and exits; gunicorn forks a fresh one (like uWSGI's
    reload-on-rss). Memory a worker took never comes back otherwise: spaCy's vocabulary
    keeps every new word, and the allocator keeps freed pages."""
    if limit_mb <= 0 or not worker.alive:
        return
    rss = resident_mb()
    if rss > limit_mb:
        from .metrics import WORKER_RESTARTS

        WORKER_RESTARTS.inc()
        worker.log.warning("worker %s resident %.0f MB, over QUOTES_MAX_WORKER_RSS_MB=%g: it finishes its "
                           "requests and is replaced", os.getpid(), rss, limit_mb)
        worker.alive = False


class DeadlineSocket:
    """A connection's socket whose reads fail once the current request's deadline passes.

    Everything but ``recv`` is the socket's own. A deadline that has passed stays passed
    until the next request starts, so closing the connection does not wait on the client.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline: float | None = None
        self.expired = False

    def start(self, seconds: float) -> None:
        """A new request: it has ``seconds`` to arrive in full (0: no limit)."""
        self._deadline = time.monotonic() + seconds if seconds > 0 else None
        self.expired = False

    def stop(self) -> None:
        """The request was read and answered in time: later reads (closing) are not bounded."""
        if not self.expired:
            self._deadline = None

    def recv(self, size: int, *flags: int) -> bytes:
        if self._deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise RequestReadTimeout()
        previous = self._sock.gettimeout()
        if previous == 0.0:  # non-blocking: never waits, nothing to bound
            return self._sock.recv(size, *flags)
        ours = previous is None or remaining < previous
        self._sock.settimeout(remaining if ours else previous)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            if ours:
                self.expired = True
                raise RequestReadTimeout() from None
            raise
        finally:
            self._sock.settimeout(previous)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class ReadDeadlineWorker(ThreadWorker):
    """gthread, with each request's read bounded by QUOTES_REQUEST_READ_SECONDS."""

    def init_process(self) -> None:
        self.read_seconds = Settings.from_env().request_read_seconds
        super().init_process()

    def handle(self, conn):
        if not self.cfg.is_ssl and not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock)  # before conn.init() gives it to the parser
        if not isinstance(conn.sock, DeadlineSocket):
            return super().handle(conn)
        conn.sock.start(self.read_seconds)
        try:
            return super().handle(conn)
        finally:
            conn.sock.stop()
            if conn.sock.expired:  # the headers or the body came too slowly
                from .metrics import DEADLINES

                DEADLINES.labels("read").inc()

    def handle_error(self, req, client, addr, exc) -> None:
        """gunicorn's own answers (a malformed request line or header, a request line over
        limit_request_line, too many headers) as problem+json with the service's headers,
        instead of its HTML page: gunicorn decides the status, logs and counts as usual."""
        page = _Page()
        super().handle_error(req, page, addr, exc)
        try:
            _, code, title = bytes(page.data).split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            status = int(code)
        except ValueError:  # not the page this gunicorn version writes: pass it on as it is
            answer = bytes(page.data)
        else:
            detail = str(exc)[:500] if status < 500 else "the server failed on this request"
            body = json.dumps(problem_body(status, title, detail, _SLUGS.get(status))).encode("utf-8")
            head = [f"HTTP/1.1 {status} {title}", "Connection: close", "Content-Type: application/problem+json",
                    f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in SECURITY_HEADERS.items())]
            answer = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        try:
            util.write_nonblock(client, answer)
        except Exception:  # the client is gone; gunicorn ignores this too
            self.log.debug("Failed to send error message.")


class _Page:
    """Stands in for the client's socket while gunicorn writes its error page, to keep it."""

    def __init__(self) -> None:
        self.data = bytearray()

    def gettimeout(self) -> float | None:
        return None

    def setblocking(self, flag: bool) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        self.data += data
