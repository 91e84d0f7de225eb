"""A bounded load test on loopback: one seed article, 2 workers, concurrency 1, 4 and 16.

    python bench/loadtest.py [--requests 64] [--article service/server/web/samples/004_d7c9a3f24f921db4.txt]

Starts gunicorn on 127.0.0.1 (a free port), sends a fixed number of requests per
level, prints requests/s, p50/p99 latency and errors, then worker memory with and
without --preload, and stops the servers.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.benchmark import Server, load, pss_mb, rss_mb  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", default=str(ROOT / "service/server/web/samples/004_d7c9a3f24f921db4.txt"))
    parser.add_argument("--requests", type=int, default=64, help="requests per concurrency level")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    text = Path(args.article).read_text(encoding="utf-8")
    print(f"| {args.workers} workers, {len(text)}-character article | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|")
    errors = 0
    with Server(args.workers) as server:
        load(server, [text], 2, 4)  # warm-up
        for concurrency in (1, 4, 16):
            r = load(server, [text], concurrency, args.requests)
            errors += r["errors"]
            print(f"| concurrency {concurrency} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['errors']} |")
    print("\n| memory after load | RSS per worker | PSS per worker | master RSS |\n|---|---|---|---|")
    for preload in (True, False):
        with Server(args.workers, preload) as server:
            load(server, [text], args.workers, 8)
            pids = server.worker_pids()
            print(f"| {'--preload' if preload else 'no preload'} | {statistics.mean(rss_mb(p) for p in pids):.0f} MB "
                  f"| {statistics.mean(pss_mb(p) for p in pids):.0f} MB | {rss_mb(server.proc.pid):.0f} MB |")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
