"""Make a predictions file for eval/score.py by POSTing every article to a running service.

    python bench/predict.py --url http://127.0.0.1:8000 ../shared/polnear/dev > pred.jsonl

Each output line is {"id": <text file stem>, "quotes": [...]} with the quotes exactly
as the service returned them. ``--scope attributions --join-split`` asks for PolNeAR's
own conventions (beliefs and stances too; a split quote as one attribution).
"""
from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.corpus import load_texts  # noqa: E402
from service.engine.options import SCOPES  # noqa: E402


def post(url: str, payload: dict, timeout: float) -> dict:
    request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="PolNeAR-style folder, folder of .txt, or gold JSONL")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="service base URL")
    parser.add_argument("--batch", type=int, default=8, help="documents per batch request (1: single requests)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--scope", choices=SCOPES, default=None,
                        help="request option; attributions = PolNeAR/PARC's wider notion")
    parser.add_argument("--join-split", action="store_true",
                        help="request option: a quote split by its attribution as one quote")
    args = parser.parse_args(argv)
    items = load_texts(args.gold)
    base = args.url.rstrip("/")
    options = {key: value for key, value in (("scope", args.scope), ("join_split", args.join_split or None))
               if value is not None}
    for start in range(0, len(items), max(args.batch, 1)):
        chunk = items[start:start + max(args.batch, 1)]
        if args.batch <= 1:
            results = [post(f"{base}/v1/quotes", {"id": i, "text": t, **options}, args.timeout)
                       for i, t in chunk]
        else:
            docs = [{"id": i, "text": t} for i, t in chunk]
            results = post(f"{base}/v1/quotes/batch", {"documents": docs, **options}, args.timeout)["results"]
        for result in results:
            sys.stdout.write(json.dumps({"id": result["id"], "quotes": result["quotes"]}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
