"""What scaling out rests on, measured in one run: the ``quotes`` command, the Spark job and
the server's start-up (for the Kubernetes startup probe).

    python bench/scale.py                                    # on the shipped seed samples
    python bench/scale.py PATH/TO/polnear/dev                # the published figures, ~15 minutes on 2 cores
    python bench/scale.py PATH/TO/polnear/dev --no-spark --repeat 3

- ``quotes`` over the corpus (as JSONL) with ``--processes 1`` and ``2``: articles/s, and the
  peak RSS of the parent process (its own ``getrusage``) with the corpus once and ``--repeat``
  times over (streaming: it must not grow with the input);
- the Spark job on ``local[2]`` over the same JSONL files: articles/s of its first job, over the
  long corpus (cold, like a real run), and of a second over the corpus once (warm workers);
  session start-up reported apart; the ratio of each to ``quotes --processes 2`` on the same
  corpus; and whether its rows hold exactly the quotes of the CLI's lines;
- gunicorn with 2 workers from start to a 200 on /readyz, and ``quotes_model_load_seconds``.

Prints a markdown table (``--json`` for the figures). Timings depend on the machine and what
else runs on it: compare them within one run. Servers bind to 127.0.0.1 and are stopped.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.benchmark import Server  # noqa: E402
from service.offline.corpus import read  # noqa: E402

# runs quotes in this interpreter and reports the parent's own peak RSS (workers are separate processes)
LAUNCH = ("import resource, sys; from service.offline.cli import main; code = main(sys.argv[1:]); "
          "print(f'parent_peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} '"
          "f'children_peak_rss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr); "
          "sys.exit(code)")


def write_corpus(source: str, path: Path, repeat: int) -> int:
    """``source`` as JSONL, ``repeat`` times over (ids made unique with #k); the number of lines."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(repeat):
            for record in read(source):
                doc_id = record.id if k == 0 else f"{record.id}#{k}"
                out.write(json.dumps({"id": doc_id, "text": record.document.text}, ensure_ascii=False) + "\n")
                n += 1
    return n


def run_quotes(corpus: Path, out: Path, processes: int) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCH, str(corpus), "-o", str(out), "--processes", str(processes),
                           "--no-progress"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"quotes exited {done.returncode}: {done.stderr[-2000:]}")
    rss = dict(re.findall(r"(\w+_rss_kb)=(\d+)", done.stderr))
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    return {"seconds": seconds, "articles": lines, "articles_per_s": lines / seconds,
            "parent_peak_rss_mb": int(rss["parent_peak_rss_kb"]) / 1024,
            "children_peak_rss_mb": int(rss["children_peak_rss_kb"]) / 1024}


def run_spark(many: Path, once: Path, out: Path) -> dict:
    """The job on one local[2] session: first over the long corpus (cold: the JVM warms up and
    each Python worker loads the model, as a real run would), then over the corpus once (warm)."""
    from service.core.config import Settings
    from service.core.options import Options
    from service.offline import spark as job

    started = time.perf_counter()
    spark = job.session("local[2]", 128, **{"spark.ui.enabled": "false"})  # listens on 127.0.0.1 only
    spark.sparkContext.setLogLevel("ERROR")
    figures = {"session_start_seconds": time.perf_counter() - started}
    try:
        for run, corpus in (("many_cold", many), ("once_warm", once)):
            started = time.perf_counter()
            figures[f"{run}_counts"] = job.run(spark, str(corpus), str(out / run), Settings(), Options(), "json")
            figures[f"{run}_seconds"] = time.perf_counter() - started
        figures["rows"] = [r.asDict(recursive=True) for r in spark.read.parquet(str(out / "once_warm")).collect()]
    finally:
        spark.stop()
    return figures


def spark_matches_cli(rows: list[dict], cli_out: Path) -> tuple[bool, int]:
    """Whether every article's Spark rows hold exactly the quotes of its CLI line; articles compared."""
    from service.core.schemas import QuoteSchema

    names = list(QuoteSchema().fields)
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        quotes = by_article.setdefault(row["article_id"], [])
        if row["id"] is not None:
            quotes.append({name: row[name] for name in names})
    lines = [json.loads(line) for line in cli_out.open(encoding="utf-8")]
    same = all(sorted(by_article.get(line["id"], [None]), key=lambda q: int(q["id"][1:])) == line["quotes"]
               for line in lines)
    return same and len(by_article) == len(lines), len(lines)


def startup() -> dict[str, float]:
    started = time.perf_counter()
    with Server(workers=2) as server:
        ready = time.perf_counter() - started
        metrics = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    load = re.search(r"^quotes_model_load_seconds(?:\{[^}]*\})? ([0-9.e+-]+)$", metrics, re.M)
    return {"start_to_ready_seconds": ready, "model_load_seconds": float(load.group(1)) if load else float("nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "service" / "server" / "web" / "samples"),
                        help="PolNeAR-style folder, folder of .txt, or JSONL (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=10, help="the long run: the corpus this many times over")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="quotes-scale-") as tmp:
        tmp = Path(tmp)
        once, many = tmp / "once.jsonl", tmp / "many.jsonl"
        figures["articles"] = write_corpus(args.corpus, once, 1)
        figures["articles_repeated"] = write_corpus(args.corpus, many, args.repeat)
        for processes in (1, 2):
            figures[f"quotes_p{processes}"] = run_quotes(once, tmp / f"p{processes}.jsonl", processes)
            figures[f"quotes_p{processes}_x{args.repeat}"] = run_quotes(many, tmp / "many-out.jsonl", processes)
        same_lines = (tmp / "p1.jsonl").read_bytes() == (tmp / "p2.jsonl").read_bytes()
        figures["quotes_p1_equals_p2"] = same_lines
        if not args.no_spark:
            spark = run_spark(many, once, tmp / "spark")
            rows = spark.pop("rows")
            spark["matches_cli"], spark["articles_compared"] = spark_matches_cli(rows, tmp / "p2.jsonl")
            for run, n, cli in (("many_cold", figures["articles_repeated"], f"quotes_p2_x{args.repeat}"),
                                ("once_warm", figures["articles"], "quotes_p2")):
                spark[f"{run}_articles_per_s"] = n / spark[f"{run}_seconds"]
                spark[f"{run}_ratio_to_quotes_p2"] = spark[f"{run}_articles_per_s"] / figures[cli]["articles_per_s"]
            figures["spark_local2"] = spark
        figures["server_start"] = startup()
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(table(figures, args.repeat))
    return 0


def table(f: dict, repeat: int) -> str:
    rows = [("corpus", f"{f['articles']} articles; long run {f['articles_repeated']} ({repeat}x)")]
    for p in (1, 2):
        one, many = f[f"quotes_p{p}"], f[f"quotes_p{p}_x{repeat}"]
        rows.append((f"quotes --processes {p}", f"{one['articles_per_s']:.2f} articles/s ({one['seconds']:.1f} s); "
                     f"{repeat}x: {many['articles_per_s']:.2f} articles/s ({many['seconds']:.1f} s)"))
        rows.append((f"quotes --processes {p}: parent peak RSS 1x / {repeat}x",
                     f"{one['parent_peak_rss_mb']:.0f} MB / {many['parent_peak_rss_mb']:.0f} MB"
                     + (f" (workers' peak {one['children_peak_rss_mb']:.0f} / {many['children_peak_rss_mb']:.0f} MB)"
                        if p > 1 else "")))
    speedup = [f[f"quotes_p2{run}"]["articles_per_s"] / f[f"quotes_p1{run}"]["articles_per_s"] for run in ("", f"_x{repeat}")]
    rows.append(("quotes: --processes 2 / 1", f"{speedup[0]:.2f} (1x), {speedup[1]:.2f}"
                 f" ({repeat}x); same lines: {f['quotes_p1_equals_p2']}"))
    if "spark_local2" in f:
        s = f["spark_local2"]
        rows.append(("Spark local[2]: session start (not in the job times)", f"{s['session_start_seconds']:.1f} s"))
        for run, label in (("many_cold", f"{repeat}x, first job: cold JVM, workers load the model"),
                           ("once_warm", "1x, next job: warm workers")):
            rows.append((f"Spark local[2], {label}", f"{s[f'{run}_articles_per_s']:.2f} articles/s "
                         f"({s[f'{run}_seconds']:.1f} s); ratio to quotes --processes 2 on the same corpus: "
                         f"{s[f'{run}_ratio_to_quotes_p2']:.2f}"))
        counts = s["once_warm_counts"]
        rows.append(("Spark rows = quotes lines (1x)", f"{s['matches_cli']} ({s['articles_compared']} articles; "
                     f"{counts['quotes']} quotes, {counts['without_quotes']} without, {counts['failed']} failed)"))
    st = f["server_start"]
    rows.append(("gunicorn, 2 workers: start to /readyz 200", f"{st['start_to_ready_seconds']:.1f} s "
                 f"(quotes_model_load_seconds {st['model_load_seconds']:.2f})"))
    return "| measure | value |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


if __name__ == "__main__":
    sys.exit(main())
