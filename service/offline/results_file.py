"""The offline tools' output: one JSON line per input record, and what a partly written
output file already holds (so ``quotes --resume`` can carry on where a run stopped).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator


def encode(line: dict[str, Any]) -> bytes:
    """One output line as UTF-8 JSON. Non-ASCII stays readable; a line holding something UTF-8
    cannot carry (a lone surrogate in an id, from a JSON ``\\ud800`` escape) is written with
    ``\\u`` escapes instead, so it still reads back exactly as it came in."""
    try:
        return (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(line) + "\n").encode("ascii")


@dataclass
class Finished:
    """The records an output file already answers: ids with how often each occurs (an id
    given twice in the input is answered twice), and the places of id-less error lines."""

    ids: Counter = field(default_factory=Counter)
    places: set[tuple[str, int]] = field(default_factory=set)

    def take(self, record_id: str | None, place: dict[str, int]) -> bool:
        """Whether a record is already answered; each answer is taken once."""
        if record_id is not None and self.ids[record_id] > 0:
            self.ids[record_id] -= 1
            return True
        key = next(iter(place.items()))
        if record_id is None and key in self.places:
            self.places.discard(key)
            return True
        return False


class NotAnOutputFile(ValueError):
    """The file to resume holds a line that no run of ours wrote."""


def finished(path: Path) -> Finished:
    """What ``path`` already answers. A last line cut short (the run was killed while writing
    it) is cut off the file, so the record is answered again and the file stays valid."""
    done = Finished()
    if not path.exists():
        return done
    with path.open("r+b") as fh:
        complete = 0
        for number, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                break
            complete += len(raw)
            _note(done, raw, path, number)
        fh.truncate(complete)
    return done


def answers(path: Path) -> Iterator[dict[str, Any]]:
    """The lines of an output file ``finished`` has read (and checked), one at a time."""
    with path.open("rb") as fh:
        for raw in fh:
            yield json.loads(raw)


def _note(done: Finished, raw: bytes, path: Path, number: int) -> None:
    try:
        line = json.loads(raw)
    except ValueError:
        raise NotAnOutputFile(f"{path} line {number} is not JSON; not resuming over it") from None
    if not isinstance(line, dict) or "id" not in line:
        raise NotAnOutputFile(f"{path} line {number} is not an output line of quotes; not resuming over it")
    if line["id"] is not None:
        done.ids[line["id"]] += 1
    else:
        done.places.update((key, line[key]) for key in ("line", "index") if key in line)
