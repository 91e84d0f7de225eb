"""Worker memory over many requests, the RSS guard, and the peak of the worst accepted request.

    python bench/memory.py                  # 1,000 requests per kind; peak of every family at 200k characters
    python bench/memory.py --quick          # 100 requests per kind; peak of three families
    python bench/memory.py --requests 300 --families said-nested names

One gunicorn worker on 127.0.0.1 (gunicorn.conf.py, default limits, max_requests out of
the way) gets, one at a time:

- ``--requests`` requests of a short news text with a large random gazetteer, each one
  different (200 entries × 50 aliases of made-up words, about ``--gazetteer-bytes``);
- ``--requests`` requests of 10,000 characters of made-up words, each one different;

with the RSS guard off, to show how the worker grows (VmRSS before and after each kind;
a run stops early once the worker is past ``--ceiling`` MB, 3,000 by default).
Then ``--guard-requests`` of each with the guard on (QUOTES_MAX_WORKER_RSS_MB at the starting
RSS + ``--headroom``): how often the worker was replaced and the largest RSS seen after a
request. Last, the peak
(VmHWM) of one fresh worker per request for the largest text each family may send at
the default limits (bench/families.py, 200,000 characters), worst first. Everything stays
on loopback; the servers stop by themselves.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.adversarial import post, vm_kb  # noqa: E402
from bench.benchmark import Server  # noqa: E402
from bench.families import (  # noqa: E402
    FAMILIES,
    Request,
    family,
    news_text,
    random_gazetteer,
)

TEXT_CHARS = 200_000  # Settings().max_text_chars: the largest text a request may carry
SEED = 20260113


def gazetteer_request(rng: random.Random, budget: int) -> Request:
    text = news_text(2000)
    return Request("/v1/quotes", {"text": text, "gazetteer": random_gazetteer(rng, budget)}, len(text))


def words_request(rng: random.Random, size: int = 10_000) -> Request:
    words, length = [], 0
    while length < size:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12)))
        words.append(word.capitalize() if rng.random() < 0.2 else word)
        length += len(word) + 1
    text = " ".join(words)[:size]
    return Request("/v1/quotes", {"text": text}, len(text))


def the_worker(server: Server, old: int | None = None, wait: float = 120) -> int:
    """The server's one worker pid (a new one, if ``old`` is given), once it answers."""
    deadline = time.time() + wait
    while time.time() < deadline:
        pids = server.worker_pids()
        if len(pids) == 1 and pids[0] != old:
            try:
                with urllib.request.urlopen(server.url + "/readyz", timeout=5) as resp:
                    if resp.status == 200:
                        return pids[0]
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError("no fresh worker")


def warm(server: Server) -> None:
    for size in (500, 3000, 3000):
        post(server.port, Request("/v1/quotes", {"text": news_text(size)}, size), 60)


def growth(server: Server, make, requests: int, seed: int,
           ceiling: float) -> tuple[float, float, int, list[int], float]:
    """RSS (MB) of the worker before and after ``requests`` requests made by ``make(rng)``,
    how many workers were replaced meanwhile, every status seen, and the largest RSS after a
    request, from a fresh worker. Stops early once the worker is past ``ceiling`` MB (the
    machine is shared)."""
    pid = fresh_worker(server)
    warm(server)
    before = vm_kb("VmRSS", pid) / 1024
    rng = random.Random(seed)
    statuses, replaced, most = [], 0, before
    for n in range(requests):
        if vm_kb("VmRSS", pid) / 1024 > ceiling:
            print(f"  stopped after {n} requests: worker past {ceiling:.0f} MB", file=sys.stderr, flush=True)
            break
        status, _, _ = post(server.port, make(rng), 120)
        statuses.append(status)
        pids = server.worker_pids()
        if pids and pids[0] != pid:
            replaced += 1
            pid = the_worker(server)
        most = max(most, vm_kb("VmRSS", pid) / 1024)
        if (n + 1) % max(1, requests // 10) == 0:
            print(f"  {n + 1}/{requests}: worker {pid} RSS {vm_kb('VmRSS', pid) / 1024:.0f} MB", file=sys.stderr,
                  flush=True)
    return before, vm_kb("VmRSS", pid) / 1024, replaced, statuses, most


def fresh_worker(server: Server) -> int:
    """Replace the server's worker with a new fork of the master; its pid."""
    old = the_worker(server)  # one may be starting, after a worker was killed
    os.kill(old, signal.SIGTERM)
    return the_worker(server, old)


def peak(server: Server, request: Request, timeout: float) -> tuple[int, float, float]:
    """(status, idle RSS, peak RSS) of one request on a fresh worker. The peak is sampled
    while the request runs too, so a worker killed mid-request (status 0) still has one."""
    pid = fresh_worker(server)
    post(server.port, Request("/v1/quotes", {"text": news_text(500)}, 500), 60)
    idle = vm_kb("VmRSS", pid) / 1024
    highest, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            highest[0] = max(highest[0], vm_kb("VmHWM", pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status, _, _ = post(server.port, request, timeout)
    done.set()
    sampler.join()
    return status, idle, max(highest[0], vm_kb("VmHWM", pid)) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 requests per kind, three families' peaks")
    parser.add_argument("--requests", type=int, help="requests per kind (default 1000; quick 100)")
    parser.add_argument("--gazetteer-bytes", type=int, default=300_000, help="JSON size of each random gazetteer")
    parser.add_argument("--headroom", type=float, default=100, help="MB over the starting RSS for the guard run")
    parser.add_argument("--guard-requests", type=int, help="requests per kind with the guard on (default 200, "
                        "at most --requests)")
    parser.add_argument("--families", nargs="+", help="families whose peak to measure (default all; quick 3)")
    parser.add_argument("--no-growth", action="store_true", help="only the peaks")
    parser.add_argument("--ceiling", type=float, default=3000,
                        help="stop a growth run once the worker is past this many MB (default 3000)")
    args = parser.parse_args(argv)
    requests = args.requests or (100 if args.quick else 1000)
    args.guard_requests = args.guard_requests or min(200, requests)
    names = args.families or (["said-nested", "names", "gazetteer"] if args.quick else [f.name for f in FAMILIES])
    quiet = {"QUOTES_MAX_REQUESTS": "0", "QUOTES_MAX_REQUESTS_JITTER": "0"}
    kinds = [(f"{requests} requests, each with a different random gazetteer (200 × 50 aliases, "
              f"~{args.gazetteer_bytes // 1000} kB)", lambda rng: gazetteer_request(rng, args.gazetteer_bytes)),
             (f"{requests} requests, each 10,000 characters of different made-up words", words_request)]
    rows, failed = [], False
    if not args.no_growth:
        starting = 0.0  # the worker's RSS before the first growth run, set by it
        with Server(1, env={**quiet, "QUOTES_MAX_WORKER_RSS_MB": "0"}) as server:
            for n, (what, make) in enumerate(kinds):
                print(f"growth: {what}", file=sys.stderr, flush=True)
                before, after, replaced, statuses, _ = growth(server, make, requests, SEED + n, args.ceiling)
                failed |= any(s != 200 for s in statuses)
                stopped = f", stopped after {len(statuses)} past {args.ceiling:.0f} MB" if len(statuses) < requests else ""
                rows.append((f"guard off: {what}", f"RSS {before:.0f} → {after:.0f} MB (+{after - before:.0f}{stopped}); "
                             f"statuses {sorted(set(statuses))}"))
                if n == 0:
                    starting = before
        limit = starting + args.headroom
        with Server(1, env={**quiet, "QUOTES_MAX_WORKER_RSS_MB": f"{limit:.0f}"}) as server:
            for n, (what, make) in enumerate(kinds):
                print(f"guard: {what}", file=sys.stderr, flush=True)
                before, after, replaced, statuses, most = growth(server, make, args.guard_requests, SEED + n,
                                                                 args.ceiling)
                failed |= any(s != 200 for s in statuses)
                rows.append((f"guard at {limit:.0f} MB, {args.guard_requests} of the same: {what.split(', ', 1)[1]}",
                             f"{replaced} worker(s) replaced; largest RSS after a request {most:.0f} MB; "
                             f"statuses {sorted(set(statuses))}"))
    peaks = []
    with Server(1, env=quiet) as server:
        for name in names:
            fam = family(name)
            request = fam.make(TEXT_CHARS, random.Random(SEED))
            status, idle, top = peak(server, request, 180)
            print(f"peak: {name} {status} {top:.0f} MB", file=sys.stderr, flush=True)
            failed |= status >= 500 or status == 0
            peaks.append((top, name, status, idle, len(request.body())))
    for top, name, status, idle, size in sorted(peaks, reverse=True):
        killed = " (the worker was killed mid-request: gunicorn's worker timeout)" if status == 0 else ""
        rows.append((f"peak RSS of one request: {name}, {TEXT_CHARS:,} characters ({size:,} bytes)",
                     f"{top:.0f} MB (idle worker {idle:.0f} MB), status {status}{killed}"))
    print("| measure (one worker) | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
