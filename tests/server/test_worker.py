"""service.server.worker without a server: the per-request read deadline and the RSS guard."""
import logging
import socket
import time
from types import SimpleNamespace

import pytest

from service.server.errors import RequestReadTimeout
from service.server.worker import DeadlineSocket, resident_mb, retire_if_swollen


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    yield DeadlineSocket(ours), theirs
    ours.close()
    theirs.close()


def test_a_request_that_arrives_in_time_is_read(pair):
    sock, client = pair
    sock.start(5)
    client.sendall(b"GET / HTTP/1.1\r\n")
    assert sock.recv(100) == b"GET / HTTP/1.1\r\n"
    assert sock.gettimeout() is None  # the socket's own timeout is left as it was


def test_a_trickle_is_cut_at_the_deadline_for_the_whole_request(pair):
    sock, client = pair
    sock.start(0.6)
    started = time.monotonic()
    with pytest.raises(RequestReadTimeout):
        while True:  # a byte every 0.2 s would beat any per-read timeout; not this one
            client.sendall(b"x")
            sock.recv(1)
            time.sleep(0.2)
    assert 0.5 < time.monotonic() - started < 2
    assert sock.expired
    with pytest.raises(RequestReadTimeout):  # stays expired: closing does not wait on the client
        sock.stop()
        sock.recv(1)
    sock.start(5)  # the next request on the connection has its own time
    client.sendall(b"y")
    assert sock.recv(10).endswith(b"y")


def test_a_shorter_timeout_of_the_caller_is_the_callers(pair):
    sock, _ = pair
    sock.start(10)
    sock.settimeout(0.1)
    with pytest.raises(TimeoutError) as caught:
        sock.recv(1)
    assert not isinstance(caught.value, RequestReadTimeout) and not sock.expired


def test_no_deadline_after_stop_or_with_zero(pair):
    sock, client = pair
    sock.start(0)
    client.sendall(b"a")
    assert sock.recv(1) == b"a"
    sock.start(5)
    sock.stop()
    client.sendall(b"b")
    assert sock.recv(1) == b"b"


def test_a_worker_over_the_rss_limit_is_retired():
    worker = SimpleNamespace(alive=True, log=logging.getLogger("test"))
    assert resident_mb() > 10
    retire_if_swollen(worker, 0)  # no limit
    retire_if_swollen(worker, 1_000_000)
    assert worker.alive
    retire_if_swollen(worker, 1)
    assert not worker.alive
