"""Extract quotes offline: ``python -m service.cli INPUT > quotes.jsonl``.

INPUT is a folder of .txt files (or a PolNeAR-style folder with text/), or a JSONL
file of {"id", "text"} lines. Output lines are {"id", "quotes": [...]} in the API's
quote shape, in input order, ready for eval/score.py. Texts are parsed with
``nlp.pipe`` in batches of similar length; ``--processes N`` runs N processes, each
with its own copy of the model (about 150 MB each), which pays on long runs.
"""
from __future__ import annotations

import argparse
import json
import sys
from multiprocessing import Pool
from pathlib import Path
from typing import Iterator

from .config import Settings
from .engine.options import SCOPES
from .nlp import ModelLoadError, load_pipeline, pipe
from .schemas import QuoteSchema

_nlp = None
_dump = QuoteSchema(many=True).dump


def load_texts(source: str | Path) -> list[tuple[str, str]]:
    """(id, text) pairs; ids are file stems, as the scorer expects."""
    path = Path(source)
    if path.is_dir():
        folder = path / "text" if (path / "text").is_dir() else path
        return [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.txt"))]
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                items.append((str(record["id"]), record["text"]))
    return items


def _init(model: str, gazetteer: str | None, scope: str = "quotes", join_split: bool = False) -> None:
    global _nlp
    _nlp = load_pipeline(model, gazetteer, scope=scope, join_split=join_split,
                         gazetteer_people=Settings.from_env().gazetteer_people)


def _extract(chunk: list[tuple[str, str]], batch_size: int = 32) -> list[dict]:
    ordered = sorted(chunk, key=lambda item: len(item[1]))  # similar lengths batch best
    results = {}
    for (doc_id, _), doc in zip(ordered, pipe(_nlp, (t for _, t in ordered), batch_size)):
        results[doc_id] = {"id": doc_id, "quotes": _dump(doc._.quotes)}
    return [results[doc_id] for doc_id, _ in chunk]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m service.cli", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="folder of .txt files or JSONL of {id, text}")
    parser.add_argument("--model", default=settings.spacy_model)
    parser.add_argument("--gazetteer", default=settings.gazetteer_path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=64, help="articles per unit of work")
    parser.add_argument("--scope", choices=SCOPES, default="quotes",
                        help="attributions: also beliefs, intentions and stances (PolNeAR/PARC conventions)")
    parser.add_argument("--join-split", action="store_true",
                        help="a quote split by its attribution as one quote with fragments")
    args = parser.parse_args(argv)
    items = load_texts(args.input)
    engine = (args.model, args.gazetteer, args.scope, args.join_split)
    try:
        if args.processes <= 1:
            _init(*engine)
            results = (r for chunk in _chunks(items, args.chunk) for r in _extract(chunk))
            for result in results:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            with Pool(args.processes, initializer=_init, initargs=engine) as pool:
                for chunk_results in pool.imap(_extract, _chunks(items, args.chunk)):
                    for result in chunk_results:
                        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
