"""Adversarial benchmark: what hostile requests cost next to real news, in one run.

    python bench/adversarial.py                 # every family at 10k, 50k and 200k characters
    python bench/adversarial.py --quick         # 10k characters only, shorter caps
    python bench/adversarial.py --no-http --families news equals rtl --sizes 20000
    python bench/adversarial.py --json results.json

In-process (engine timing): the pipeline is loaded and warmed once, then every case runs in
a forked child (as a gunicorn worker forks from a preloading master) through
``service.core.annotate.Annotator``, capped at ``--cap`` seconds of wall time, so a quadratic case
costs the run at most the cap (reported ``>cap``). Per case: CPU ms per 1,000 characters and
its ratio to real news of the same size measured in the same run (PolNeAR dev articles joined
and cut to size), the child's peak RSS (VmHWM: the model's pages included, as a worker's
are), the reply's size and its ratio to the request's.

Over HTTP: a real gunicorn on 127.0.0.1 (free port, the default settings: 2 workers, the
30 s processing limit, the RSS guard) gets the same requests one at a time: status, wall ms
per 1,000 characters, reply size, the workers' peak RSS so far; any 5xx or failed connection
(status 0: a worker killed mid-request) makes the exit status 1.

A family that runs out of time at one size is not tried at the larger ones (marked
``skipped``). Timings on a shared machine move; ratios to news of the same run move less.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import select
import signal
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as gunicorn.conf.py does
    os.environ.setdefault(_var, "1")

from bench.benchmark import Server  # noqa: E402
from bench.families import FAMILIES, NEWS_FAMILY, Family, Request, family  # noqa: E402

SIZES = (10_000, 50_000, 200_000)
SEED = 20260113


@dataclass
class Outcome:
    """One case measured one way (``mode`` is ``engine`` or ``http``)."""

    mode: str
    family: str
    chars: int
    request_bytes: int
    status: str  # "ok", "error 500" ..., ">cap", "skipped", or an HTTP status code
    seconds: float | None = None  # engine: CPU seconds in the child; http: wall seconds
    wall: float | None = None
    peak_rss_mb: float | None = None
    reply_bytes: int | None = None
    quotes: int | None = None

    def per_1k(self) -> float | None:
        return None if self.seconds is None else self.seconds * 1e6 / max(self.chars, 1)


def vm_kb(field: str, pid: int | str = "self") -> int:
    """A ``Vm*`` line of /proc/PID/status, in kB (0 if the process is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# -- in-process ------------------------------------------------------------------------
def load_annotator():
    """The service's pipeline and Annotator with the environment's settings, warmed up."""
    from service.core.annotate import Annotator, Document
    from service.core.config import Settings
    from service.core.pipeline import load_pipeline

    settings = Settings.from_env()
    nlp = load_pipeline(settings.spacy_model, settings.gazetteer_path, scope=settings.scope,
                        join_split=settings.join_split)
    annotator = Annotator(nlp, settings)
    annotator.one(Document(NEWS_FAMILY.make(3000, random.Random(SEED)).payload["text"]))
    return annotator


def _annotate(annotator, request: Request) -> dict[str, Any]:
    """What the child measures: the request validated as the API does, then the engine."""
    from service.core.annotate import Document
    from service.core.schemas import BatchRequestSchema, QuoteRequestSchema

    batch = request.path.endswith("/batch")
    payload = (BatchRequestSchema() if batch else QuoteRequestSchema()).load(json.loads(request.body()))
    cpu, wall = time.process_time(), time.perf_counter()
    gazetteer = annotator.gazetteer(payload.get("gazetteer"))
    options = annotator.defaults.overridden(payload)
    if batch:
        docs = [Document(d["text"], d["id"]) for d in payload["documents"]]
        records = list(annotator.annotate(docs, options, gazetteer, chunk=len(docs)))
        reply: dict[str, Any] = {"model": annotator.model(options), "results": records}
    else:
        records = [annotator.one(Document(payload["text"], payload["id"]), options, gazetteer)]
        reply = {**{k: v for k, v in records[0].items() if k != "index"}, "model": annotator.model(options)}
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    errors = sorted({r["error"]["status"] for r in records if "error" in r})
    return {"status": f"error {errors[-1]}" if errors else "ok", "seconds": cpu, "wall": wall,
            "reply_bytes": len(json.dumps(reply, ensure_ascii=False, separators=(",", ":")).encode("utf-8")),
            "quotes": sum(len(r.get("quotes", ())) for r in records), "peak_rss_mb": vm_kb("VmHWM") / 1024}


def run_capped(annotator, request: Request, cap: float) -> dict[str, Any]:
    """``_annotate`` in a forked child, killed after ``cap`` seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, leave without running the parent's cleanup
        os.close(read_end)
        try:
            result = _annotate(annotator, request)
        except BaseException as exc:  # a crash is a result to report, not a reason to hang
            result = {"status": f"crash {type(exc).__name__}: {exc}"[:80]}
        with os.fdopen(write_end, "w") as out:
            json.dump(result, out)
        os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + cap
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                return {"status": ">cap"}
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    data = b"".join(chunks)
    return json.loads(data) if data else {"status": "crash (no report)"}


# -- over HTTP -------------------------------------------------------------------------
def post(port: int, request: Request, timeout: float) -> tuple[int, int, float]:
    """(status, reply bytes, wall seconds); status 0 if the connection failed or timed out."""
    body = request.body()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("POST", request.path, body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        size = len(response.read())
        return response.status, size, time.perf_counter() - started
    except OSError:
        return 0, 0, time.perf_counter() - started
    finally:
        conn.close()


# -- the run ---------------------------------------------------------------------------
def cases(families: Iterable[Family], sizes: Iterable[int]) -> Iterable[tuple[Family, int, Request]]:
    """Each family at each size, smallest first, news first at every size."""
    for size in sorted(sizes):
        for fam in families:
            yield fam, size, fam.make(size, random.Random(SEED))


def measure(mode: str, families: list[Family], sizes: list[int], run) -> list[Outcome]:
    """Every case through ``run(request) -> dict``; a family is not tried again at larger sizes
    once it ran out of time (or its connection failed)."""
    outcomes, given_up = [], set()
    for fam, size, request in cases(families, sizes):
        outcome = Outcome(mode, fam.name, request.chars, len(request.body()), "skipped")
        if fam.name not in given_up:
            result = run(request)
            outcome = Outcome(mode, fam.name, request.chars, outcome.request_bytes, **result)
            if outcome.status in (">cap", "0", "413") or outcome.status.startswith("crash"):
                given_up.add(fam.name)
        print(f"{mode:6} {fam.name:16} {size:>7} {outcome.status:>8} "
              f"{'' if outcome.seconds is None else f'{outcome.seconds:.2f} s'}", file=sys.stderr, flush=True)
        outcomes.append(outcome)
    return outcomes


def run_http(families: list[Family], sizes: list[int], timeout: float, workers: int) -> tuple[list[Outcome], list[str]]:
    """The cases against a real gunicorn; notes say how many workers were replaced (by the RSS
    guard, or killed by gunicorn's worker timeout: then the request also fails, status 0)."""
    with Server(workers) as server:
        pids = set(server.worker_pids())
        seen = set(pids)

        def run(request: Request) -> dict[str, Any]:
            status, size, wall = post(server.port, request, timeout)
            now = server.worker_pids()
            seen.update(now)
            peak = max((vm_kb("VmHWM", pid) for pid in now), default=0) / 1024
            return {"status": str(status), "seconds": wall, "wall": wall, "reply_bytes": size, "peak_rss_mb": peak}

        outcomes = measure("http", families, sizes, run)
    return outcomes, [f"workers replaced during the run: {len(seen - pids)}"]


def _fmt(value: float | None, digits: int = 0) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def table(outcomes: list[Outcome], cap: float) -> str:
    """A markdown table, with each case's cost next to news of the same size."""
    news = {o.chars: o.per_1k() for o in outcomes if o.family == NEWS_FAMILY.name and o.per_1k()}
    engine = outcomes[0].mode == "engine"
    unit = "CPU ms / 1k chars" if engine else "wall ms / 1k chars"
    head = (f"| family | chars | request bytes | status | {unit} | × news | "
            f"{'peak RSS MB' if engine else 'worker peak RSS MB (so far)'} | reply bytes | reply / request |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for o in outcomes:
        per_1k, ratio = o.per_1k(), None
        reference = news.get(o.chars)
        if per_1k is not None and reference:
            ratio = per_1k / reference
        if o.status == ">cap":
            per_1k_text = f"> {cap * 1e6 / o.chars:,.0f}"
            ratio_text = f"> {cap * 1e6 / o.chars / reference:,.1f}" if reference else ""
        else:
            per_1k_text, ratio_text = _fmt(per_1k, 1), _fmt(ratio, 2)
        reply_ratio = None if o.reply_bytes is None else o.reply_bytes / o.request_bytes
        lines.append(f"| {o.family} | {o.chars:,} | {o.request_bytes:,} | {o.status} | {per_1k_text} | {ratio_text} | "
                     f"{_fmt(o.peak_rss_mb)} | {_fmt(o.reply_bytes)} | {_fmt(reply_ratio, 2)} |")
    return "\n".join(lines)


def summary(outcomes: list[Outcome], largest: int) -> list[str]:
    """The issue's closing checks at the largest size: × news ≤ 3, reply ≤ 20 × request, no 5xx."""
    news = {o.chars: o.per_1k() for o in outcomes if o.family == NEWS_FAMILY.name and o.per_1k()}
    out = []
    worst = [(o.per_1k() / news[o.chars], o.family) for o in outcomes
             if o.chars == largest and o.per_1k() and news.get(o.chars) and o.status not in (">cap",)]
    slow = [o.family for o in outcomes if o.chars == largest and o.status in (">cap", "413", "skipped")]
    if worst:
        ratio, name = max(worst)
        out.append(f"- at {largest:,} characters: worst measured {ratio:.1f} × news ({name}); "
                   f"out of time or not tried: {', '.join(slow) or 'none'}")
    big = [f"{o.family} {o.chars:,} ({o.reply_bytes / o.request_bytes:.1f} ×)" for o in outcomes
           if o.reply_bytes and o.reply_bytes > 20 * o.request_bytes]
    out.append(f"- replies over 20 × their request: {', '.join(big) or 'none'}")
    faults = [f"{o.family} {o.chars:,}: {o.status}" for o in outcomes
              if o.status.startswith(("5", "error 5", "crash", "0"))]
    out.append(f"- 5xx, crashes, failed connections: {', '.join(faults) or 'none'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k characters only, 10 s cap: a fast check")
    parser.add_argument("--sizes", type=int, nargs="+", help=f"text sizes in characters (default {SIZES})")
    parser.add_argument("--families", nargs="+", help="only these (news is always added); "
                        + ", ".join(f.name for f in FAMILIES))
    parser.add_argument("--cap", type=float, help="in-process wall-time cap per case, seconds (default 30; quick 10)")
    parser.add_argument("--http-timeout", type=float, default=180, help="client timeout per HTTP request, seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the HTTP run")
    parser.add_argument("--no-http", action="store_true", help="in-process only")
    parser.add_argument("--no-engine", action="store_true", help="HTTP only")
    parser.add_argument("--json", type=Path, help="also write every outcome here")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10_000] if args.quick else list(SIZES))
    cap = args.cap or (10.0 if args.quick else 30.0)
    chosen = [family(name) for name in args.families] if args.families else list(FAMILIES)
    families = [NEWS_FAMILY] + [f for f in chosen if f is not NEWS_FAMILY]
    outcomes: list[Outcome] = []
    failed = False
    if not args.no_engine:
        annotator = load_annotator()
        engine = measure("engine", families, sizes, lambda request: run_capped(annotator, request, cap))
        print(f"## In-process (service.core.annotate.Annotator), cap {cap:g} s per case\n")
        print(table(engine, cap) + "\n")
        print("\n".join(summary(engine, max(sizes))) + "\n")
        outcomes += engine
        failed |= any(o.status.startswith(("error 5", "crash")) for o in engine)
    if not args.no_http:
        http, notes = run_http(families, sizes, args.http_timeout, args.workers)
        print(f"## Over HTTP (gunicorn, {args.workers} workers, default limits), one request at a time\n")
        print(table(http, cap) + "\n")
        print("\n".join(summary(http, max(sizes)) + [f"- {note}" for note in notes]) + "\n")
        outcomes += http
        failed |= any(o.status.startswith(("5", "0")) for o in http)
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
