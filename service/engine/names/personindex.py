"""An index of a document's people by surname, initial and given name, so that a short
form ("Okafor", "Tomas") finds the person it stands for in time that grows with the
number of names, not with its square.
"""
from __future__ import annotations

from bisect import bisect_left

from .entities import Entity
from .forms import NameForm, similar


class PersonIndex:
    """People by surname, surname initial and given name."""

    def __init__(self) -> None:
        self._by_last: dict[str, list[Entity]] = {}
        self._by_initial: dict[str, list[Entity]] = {}
        self._by_first: dict[str, list[Entity]] = {}

    def add(self, entity: Entity, form: NameForm) -> None:
        for key, index in ((form.last, self._by_last), (form.last[:1], self._by_initial),
                           (form.first, self._by_first)):
            if key and entity not in index.setdefault(key, []):
                index[key].append(entity)

    def surname_candidates(self, last: str) -> list[Entity]:
        exact = self._by_last.get(last, [])
        if exact:
            return exact
        return [e for e in self._by_initial.get(last[:1], []) if any(similar(last, s) for s in e.surnames)]

    def by_surname(self, word: str, position: int, gender: str | None = None) -> Entity | None:
        return self._most_likely([e for e in self.surname_candidates(word) if e.kind == "person"
                                  and same_gender(e.gender, gender)], position)

    def by_given(self, word: str, position: int) -> Entity | None:
        return self._most_likely([e for e in self._by_first.get(word, []) if e.kind == "person"], position)

    @staticmethod
    def _most_likely(entities: list[Entity], position: int) -> Entity | None:
        """Of the entities a short name may stand for: the one mentioned most before
        ``position`` (then the most recent), else the first named after it."""
        if len(entities) <= 1:
            return entities[0] if entities else None
        seen = []
        for entity in entities:
            count = bisect_left(entity.mentions, position, key=lambda m: m.start)
            seen.append((count, entity.mentions[count - 1].start if count else -1, entity))
        count, _, best = max(seen, key=lambda s: (s[0], s[1]))
        if count:
            return best
        return min(entities, key=lambda e: e.mentions[0].start if e.mentions else position)


def same_gender(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b
