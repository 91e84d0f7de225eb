"""Do the default limits agree with each other? Time the largest requests they accept.

    python bench/limits.py                          # the default limits, on the shipped seed samples
    python bench/limits.py PATH/TO/polnear/dev      # on PolNeAR dev, as docs/configuration.md reports
    QUOTES_MAX_BATCH_CHARS=1000000 python bench/limits.py PATH   # other limits

Builds, from real news (the articles given, repeated as needed), the largest requests
the limits in force accept: a batch of QUOTES_MAX_BATCH_DOCUMENTS documents totalling
QUOTES_MAX_BATCH_CHARS, the same characters in the fewest documents (each
QUOTES_MAX_TEXT_CHARS long), that batch again with QUOTES_MAX_GAZETTEER_ENTRIES request
gazetteer entries, and one document of QUOTES_MAX_TEXT_CHARS. Each is POSTed to a real
gunicorn (127.0.0.1, the default 2 workers, one request at a time) and its wall time is
set against QUOTES_MAX_PROCESSING_SECONDS. Prints a markdown table; exits 1 if any
request was not answered 200 within the limit. Times depend on what else the machine
is doing: compare the headroom, and re-run on a quiet machine for figures to publish.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.benchmark import Server  # noqa: E402
from service.core.config import Settings  # noqa: E402
from service.offline.corpus import load_texts  # noqa: E402


def news(texts: list[str], chars: int) -> str:
    """``chars`` characters of real news: the articles one after another, repeated as needed."""
    corpus = "\n\n".join(texts)
    return (corpus * (chars // len(corpus) + 1))[:chars]


def split(text: str, parts: int) -> list[str]:
    size = -(-len(text) // parts)
    return [text[i:i + size] for i in range(0, len(text), size)]


def requests(settings: Settings, texts: list[str]) -> list[tuple[str, str, dict]]:
    """(name, path, payload) of the largest requests ``settings`` accept."""
    total = news(texts, settings.max_batch_chars)
    many = [{"text": t} for t in split(total, settings.max_batch_documents)]
    fewest = [{"text": t} for t in split(total, -(-settings.max_batch_chars // settings.max_text_chars))]
    gazetteer = [{"name": f"Speaker Number{n}", "aliases": [f"Number{n}"], "role": "spokesman"}
                 for n in range(settings.max_gazetteer_entries)]
    return [
        (f"batch: {len(many)} documents, {len(total):,} characters", "/v1/quotes/batch", {"documents": many}),
        (f"batch: {len(fewest)} documents, {len(total):,} characters", "/v1/quotes/batch", {"documents": fewest}),
        (f"batch: {len(many)} documents, {len(total):,} characters, {len(gazetteer)} gazetteer entries",
         "/v1/quotes/batch", {"documents": many, "gazetteer": gazetteer}),
        (f"one document, {settings.max_text_chars:,} characters", "/v1/quotes",
         {"text": news(texts, settings.max_text_chars)}),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", default=str(ROOT / "service" / "server" / "web" / "samples"),
                        help="PolNeAR-style folder, folder of .txt, or gold JSONL of real news (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="times each request is sent; the slowest counts")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    texts = [t for _, t in load_texts(args.texts) if t.strip()]
    limit = settings.max_processing_seconds
    failed = False
    print(f"limits: {settings.max_batch_documents} documents, {settings.max_batch_chars:,} characters per batch, "
          f"{settings.max_text_chars:,} per document, {settings.max_gazetteer_entries} gazetteer entries, "
          f"{limit:g} s processing\n")
    print("| request | slowest of rounds | ms per 1k characters | share of the time limit | status |\n|---|---|---|---|---|")
    with Server(workers=2) as server:
        server.post("/v1/quotes", {"text": texts[0]})  # warm-up
        for name, path, payload in requests(settings, texts):
            chars = sum(len(d["text"]) for d in payload.get("documents", [payload]))
            runs = [server.post(path, payload) for _ in range(args.rounds)]
            statuses = sorted({status for status, _ in runs})
            slowest = max(seconds for _, seconds in runs)
            ok = statuses == [200] and (not limit or slowest < limit)
            failed |= not ok
            share = f"{slowest / limit:.0%}" if limit else "no limit"
            print(f"| {name} | {slowest:.1f} s | {slowest * 1e6 / chars:.0f} | {share} | "
                  f"{', '.join(map(str, statuses))} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
