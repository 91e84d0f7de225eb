"""The speakers table of a corpus run: one row per ``speaker.key``, so grouping a corpus's
quotes by who said them across articles is one step (``quotes --speakers FILE``, the Spark
job's ``--speakers PATH``).

A row: ``key``; ``name`` and ``kind``, the ones its quotes give most often (ties: the first
in sorted order); ``kb_id``, the first in sorted order of those its quotes give; ``names`` and
``roles``, every one its quotes give, sorted; ``quotes`` and ``articles``, how many. Quotes whose speaker has no key (unnamed sources, groups, a person
named by one word only: see service.engine.names.keys) are in no row. Both tools make the
same rows; the Spark job computes them with Spark's own aggregates.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

COLUMNS = ("key", "name", "kind", "kb_id", "names", "roles", "quotes", "articles")


@dataclass
class _Speaker:
    names: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    kb_ids: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    quotes: int = 0
    articles: int = 0


class SpeakerTable:
    """The table, built one output line at a time; memory grows with the number of speakers,
    not of articles."""

    def __init__(self) -> None:
        self._speakers: dict[str, _Speaker] = {}

    def add(self, line: dict[str, Any]) -> None:
        """One output line (an article's answer; error lines count for nothing)."""
        seen = set()
        for quote in line.get("quotes") or ():
            speaker = quote.get("speaker") or {}
            key = speaker.get("key")
            if key is None:
                continue
            row = self._speakers.setdefault(key, _Speaker())
            row.quotes += 1
            row.names[speaker["name"]] += 1
            row.kinds[speaker["kind"]] += 1
            if speaker.get("kb_id"):
                row.kb_ids.add(speaker["kb_id"])
            if speaker.get("role"):
                row.roles.add(speaker["role"])
            if key not in seen:
                seen.add(key)
                row.articles += 1

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every speaker, most quoted first (then by key)."""
        for key, row in sorted(self._speakers.items(), key=lambda item: (-item[1].quotes, item[0])):
            yield {"key": key, "name": _most(row.names), "kind": _most(row.kinds),
                   "kb_id": min(row.kb_ids, default=None), "names": sorted(row.names), "roles": sorted(row.roles),
                   "quotes": row.quotes, "articles": row.articles}


def _most(counts: Counter) -> str:
    """The value given most often; of several, the first in sorted order."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
