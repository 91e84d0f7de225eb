"""Slow clients against the service: good-request latency while connections trickle.

    python bench/slowloris.py                                  # gunicorn.conf.py as shipped: 50 connections, 60 s
    python bench/slowloris.py --connections 10 --seconds 5     # a short check
    python bench/slowloris.py --url http://127.0.0.1:8080      # a server already running (container, nginx)
    python bench/slowloris.py --server-arg=--worker-class=sync --server-arg=--threads=1   # compare settings

The attack holds ``--connections`` connections open for ``--seconds``: half send their
headers one line every ``--interval`` seconds and never finish them, half send complete
headers announcing a 100 kB body and then one byte of it every ``--interval`` seconds.
A connection the server closes is opened again at once, as a slowloris tool does, so the
server always has the full number to deal with. Meanwhile one good request at a time
(a short article, a fresh connection each) measures what other clients see; the same
before the attack (baseline) and after it. Everything stays on loopback and stops by itself.

Exit status 1 if a good request failed or the attack's p99 is over ``--budget`` ms.
"""
from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import random
import selectors
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.benchmark import Server, percentile  # noqa: E402

GOOD_TEXT = "“We are ready,” Dmitry Peskov said. The talks, he added, would go on."


@dataclass
class SlowConnection:
    """One attacking connection and how far its trickle has got."""

    sock: socket.socket
    kind: str  # "headers" or "body"
    due: float
    sent: int = 0


@dataclass
class AttackStats:
    opened: int = 0
    closed_by_server: int = 0
    answers: dict[str, int] = field(default_factory=dict)  # status line of what the server said before closing
    refused: int = 0


class Attack(threading.Thread):
    """Keeps ``count`` slow connections open on ``host:port`` until stopped."""

    def __init__(self, host: str, port: int, count: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.count, self.interval = host, port, count, interval
        self.stats = AttackStats()
        self.stop = threading.Event()
        self.selector = selectors.DefaultSelector()
        self.conns: dict[int, SlowConnection] = {}

    def _open(self, kind: str) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2)
        except OSError:
            self.stats.refused += 1
            return
        sock.setblocking(False)
        head = f"POST /v1/quotes HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if kind == "body":
            head += "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\": \""
        self._send(sock, head.encode())
        conn = SlowConnection(sock, kind, time.monotonic() + self.interval * random.random())
        self.conns[sock.fileno()] = conn
        self.selector.register(sock, selectors.EVENT_READ, conn)
        self.stats.opened += 1

    @staticmethod
    def _send(sock: socket.socket, data: bytes) -> bool:
        try:
            sock.send(data)
            return True
        except (BlockingIOError, InterruptedError):
            return True  # the server reads slower than we trickle: fine
        except OSError:
            return False

    def _close(self, conn: SlowConnection, answer: bytes) -> None:
        self.selector.unregister(conn.sock)
        self.conns.pop(conn.sock.fileno(), None)
        conn.sock.close()
        self.stats.closed_by_server += 1
        line = answer.split(b"\r\n", 1)[0].decode("latin-1")[:40] if answer else "closed without answer"
        self.stats.answers[line] = self.stats.answers.get(line, 0) + 1

    def run(self) -> None:
        kinds = ("headers", "body")
        for n in range(self.count):
            self._open(kinds[n % 2])
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.1):  # the server answered or closed
                conn = key.data
                try:
                    answer = conn.sock.recv(4096)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    answer = b""
                self._close(conn, answer)
            now = time.monotonic()
            for conn in list(self.conns.values()):
                if conn.due <= now:
                    conn.sent += 1
                    data = f"X-Slow-{conn.sent}: {conn.sent}\r\n".encode() if conn.kind == "headers" else b"a"
                    if conn.kind == "headers" and conn.sent > 90:  # stay under gunicorn's 100 header fields
                        self._close(conn, b"")
                    elif not self._send(conn.sock, data):
                        self._close(conn, b"")
                    else:
                        conn.due = now + self.interval
            missing = self.count - len(self.conns)
            for n in range(missing):
                self._open(kinds[(len(self.conns) + n) % 2])
                if self.stop.is_set():
                    break
        for conn in list(self.conns.values()):
            conn.sock.close()
        self.selector.close()

    def open_now(self) -> int:
        return len(self.conns)


def good_request(host: str, port: int, body: bytes, timeout: float) -> tuple[int, float]:
    """(status, seconds); status 0 when the request failed or timed out."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("POST", "/v1/quotes", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return 0, time.perf_counter() - started
    finally:
        conn.close()


def phase(host: str, port: int, body: bytes, seconds: float, pause: float, timeout: float) -> list[tuple[int, float]]:
    """Good requests one after another for ``seconds``."""
    results, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        results.append(good_request(host, port, body, timeout))
        time.sleep(pause)
    return results


def row(name: str, results: list[tuple[int, float]]) -> str:
    ms = [seconds * 1000 for status, seconds in results if status == 200]
    failed = sum(1 for status, _ in results if status != 200)
    if not ms:
        return f"| {name} | {len(results)} | 0 | {failed} | | | |"
    return (f"| {name} | {len(results)} | {len(ms)} | {failed} | {percentile(ms, .5):.0f} | "
            f"{percentile(ms, .99):.0f} | {max(ms):.0f} |")


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def attack(host: str, port: int, args: argparse.Namespace) -> tuple[list[str], bool]:
    """Baseline, attack and recovery phases against ``host:port``: table lines and whether it held."""
    body = json.dumps({"text": Path(args.article).read_text(encoding="utf-8") if args.article else GOOD_TEXT}).encode()
    good_request(host, port, body, args.timeout)  # warm-up
    baseline = phase(host, port, body, args.baseline, args.pause, args.timeout)
    slow = Attack(host, port, args.connections, args.interval)
    slow.start()
    time.sleep(min(2.0, args.seconds / 4))  # let the connections settle in
    during = phase(host, port, body, args.seconds, args.pause, args.timeout)
    held_open = slow.open_now()
    slow.stop.set()
    slow.join(timeout=10)
    after = phase(host, port, body, args.baseline, args.pause, args.timeout)
    stats = slow.stats
    lines = ["| phase | good requests | 200 | failed | p50 ms | p99 ms | max ms |", "|---|---|---|---|---|---|---|",
             row("before", baseline), row(f"during {args.connections} slow connections, {args.seconds:g} s", during),
             row("after", after), "",
             f"attack: {stats.opened} connections opened ({args.connections} at a time, one line or byte every "
             f"{args.interval:g} s), {stats.closed_by_server} closed by the server, {held_open} open at the end, "
             f"{stats.refused} refused",
             "server's last words to closed connections: "
             + (", ".join(f"{k} × {v}" for k, v in sorted(stats.answers.items())) or "none")]
    ms = [s * 1000 for status, s in during if status == 200]
    held = bool(ms) and all(status == 200 for status, _ in during + after) and percentile(ms, .99) <= args.budget
    return lines, held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="attack this running server (loopback only) instead of starting gunicorn")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="how long the attack lasts")
    parser.add_argument("--interval", type=float, default=2, help="seconds between a slow connection's bytes")
    parser.add_argument("--baseline", type=float, default=5, help="seconds of good requests before and after")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between good requests")
    parser.add_argument("--timeout", type=float, default=10, help="a good request's client timeout, seconds")
    parser.add_argument("--budget", type=float, default=1000, help="p99 (ms) a good request must stay under")
    parser.add_argument("--article", help="a text file to send as the good request (default: two sentences)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers when this script starts it")
    parser.add_argument("--server-arg", action="append", default=[], help="extra gunicorn argument (repeatable)")
    args = parser.parse_args(argv)
    if args.url:
        parts = urlsplit(args.url)
        if not loopback(parts.hostname or ""):
            parser.error("--url must be a loopback address (127.0.0.0/8, localhost, ::1)")
        print(f"## {args.url}\n")
        lines, held = attack(parts.hostname, parts.port or 80, args)
    else:
        with Server(args.workers, args=tuple(args.server_arg)) as server:
            print(f"## gunicorn.conf.py, {args.workers} workers{' ' + ' '.join(args.server_arg) if args.server_arg else ''}\n")
            lines, held = attack("127.0.0.1", server.port, args)
    print("\n".join(lines))
    print(f"\n{'held' if held else 'DID NOT HOLD'}: good requests during the attack "
          f"{'all answered within' if held else 'failed or p99 over'} {args.budget:g} ms")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
