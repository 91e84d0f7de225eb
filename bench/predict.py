"""Make a predictions file for eval/score.py by POSTing every article to a running service.

    python bench/predict.py --url http://127.0.0.1:8000 PATH/TO/polnear/dev > pred.jsonl

Each output line is {"id": <text file stem>, "quotes": [...]} with the quotes exactly as the
service returned them, sent through the Python client package (clients/python, ``quotes_client``:
batches under the server's limits).
A document the service refuses is reported on stderr and written with no quotes, so the
scorer counts it as missed. ``--scope attributions --join-split`` asks for PolNeAR's own
conventions (beliefs and stances too; a split quote as one attribution).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "clients" / "python"))  # the client package of this checkout, installed or not
from quotes_client import QuoteClient  # noqa: E402
from service.engine.options import SCOPES  # noqa: E402
from service.offline.corpus import load_texts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="PolNeAR-style folder, folder of .txt, or gold JSONL")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="service base URL")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--scope", choices=SCOPES, default=None,
                        help="request option; attributions = PolNeAR/PARC's wider notion")
    parser.add_argument("--join-split", action="store_true",
                        help="request option: a quote split by its attribution as one quote")
    args = parser.parse_args(argv)
    client = QuoteClient(args.url, timeout=args.timeout)
    results = client.batch(load_texts(args.gold), scope=args.scope, join_split=args.join_split or None)
    failed = 0
    for result in results:
        if "error" in result:
            failed += 1
            print(f"predict: {result['id']}: {result['error']['detail']}", file=sys.stderr)
        sys.stdout.write(json.dumps({"id": result["id"], "quotes": result.get("quotes", [])},
                                    ensure_ascii=False) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
