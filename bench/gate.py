"""Fail when eval/score.py figures fall below floors: CI's accuracy gate.

    python bench/gate.py SCORES.json quote=0.95 attribution=0.9 speaker_name_acc=0.9
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    scores = json.load(open(argv[0], encoding="utf-8"))
    failed = []
    for spec in argv[1:]:
        metric, floor = spec.split("=")
        value = scores[metric]
        value = value[2] if isinstance(value, list) else value  # [P, R, F1] -> F1
        status = "ok" if value >= float(floor) else "BELOW FLOOR"
        print(f"  {metric:<18} {value:.3f}  (floor {float(floor):.3f})  {status}")
        if value < float(floor):
            failed.append(metric)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
