"""The speaker gazetteer: canonical names, aliases, roles and organisations.

The built-in gazetteer holds what is true everywhere: every country with its
capital (which stands for its government: "Beijing said") and demonym, from the
``countryinfo`` data library; and, in ``data/gazetteer.yaml``, the usual short
forms of a few country names, seats of government, international institutions,
and the design's sample speakers. A user's file (QUOTES_GAZETTEER) and a request's
own entries are merged over it by canonical name, later wins; ``people=False``
leaves the built-in people out, so accuracy can be measured from the text alone.

Names are matched on the words of the text without touching the pipeline's
vocabulary, so a request's own entries leave nothing behind in a long-running
worker. Lookups fold case and typographic apostrophes ("China’s Foreign Ministry"
finds "China's Foreign Ministry"); in the text, a name must start with a capital
letter, and an all-capitals alias ("US", "UN") must match its case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from countryinfo import all_countries
from spacy.tokens import Doc

from ..lexicon.datafiles import DataFileError, builtin, load_yaml
from ..text.folding import compact, lookup_key, straight
from ..text.scan import capitalised
from .entry import Entry

_FIRST_WORD = re.compile(r"[^\W_]+")
# alternative spellings of a country that are names rather than codes or inverted forms
_NAME_LIKE = re.compile(r"^[A-Za-z][A-Za-z' .-]*[a-z][A-Za-z' .-]*$")


@dataclass(frozen=True)
class _Pattern:
    compact: str
    entry: Entry
    written: str | None  # an all-capitals alias ("US"), matched with its case: its letters as written


@dataclass(frozen=True)
class GazetteerMatch:
    """A gazetteer name in the text: tokens ``start``..``end`` (exclusive)."""

    start: int
    end: int
    entry: Entry


@dataclass
class Gazetteer:
    """Entries by canonical name, with an alias index and a matcher over token text."""

    entries: dict[str, Entry]
    _index: dict[str, Entry] = field(default_factory=dict, repr=False)
    _patterns: dict[str, list[_Pattern]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for name in entry.names():
                self._index.setdefault(lookup_key(name), entry)
                self._add_pattern(name, entry)
        # canonical names win over another entry's alias
        for entry in self.entries.values():
            self._index[lookup_key(entry.name)] = entry
        for patterns in self._patterns.values():
            patterns.sort(key=lambda p: -len(p.compact))  # longest first

    def _add_pattern(self, name: str, entry: Entry) -> None:
        letters = [c for c in name if c.isalpha()]
        acronym = bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6
        written = "".join(name.split()) if acronym else None
        variants = [name]
        if name.lower().startswith("the "):
            variants.append(name[4:])
        for variant in variants:
            # indexed by the first word, as the text's first token of the name begins
            head = _FIRST_WORD.match(variant.lower())
            if head is not None:
                self._patterns.setdefault(head.group(), []).append(_Pattern(compact(variant), entry, written))

    @classmethod
    def load(cls, path: str | Path | None = None, extra: Iterable[Any] = (), people: bool = True) -> "Gazetteer":
        """The built-in gazetteer (without its people if ``people`` is False), then ``path``
        (if given), then ``extra`` entries, merged."""
        gaz = _builtin(people)
        if path:
            raw = load_yaml(path)
            if not isinstance(raw, list):
                raise DataFileError(f"{path}: expected a list of entries")
            try:
                gaz = gaz.extended(raw)
            except ValueError as exc:
                raise DataFileError(f"{path}: {exc}") from exc
        return gaz.extended(extra) if extra else gaz

    def extended(self, extra: Iterable[Any]) -> "Gazetteer":
        """A new gazetteer with ``extra`` entries (dicts or Entry) merged over this one: an
        entry with a known name replaces the fields it gives and adds its aliases (ValueError
        if a dict is invalid)."""
        entries = dict(self.entries)
        for item in extra:
            entry = item if isinstance(item, Entry) else Entry.from_dict(item)
            old = entries.get(entry.name)
            if old is not None:  # keep what the new entry leaves out (its kind included) and its aliases
                given = {k: v for k, v in vars(entry).items() if v not in (None, ())}
                given["aliases"] = tuple(dict.fromkeys(old.aliases + entry.aliases))
                entry = replace(old, **given)
            elif entry.kind is None:
                entry = replace(entry, kind="person")
            entries[entry.name] = entry
        return Gazetteer(entries)

    def lookup(self, text: str) -> Entry | None:
        return self._index.get(lookup_key(text))

    def by_demonym(self) -> dict[str, str]:
        """'chinese' -> 'china' for every country entry with a demonym."""
        return {e.demonym.lower(): e.name.lower() for e in self.entries.values() if e.demonym}

    def matches(self, doc: Doc) -> list[GazetteerMatch]:
        """Every gazetteer name in ``doc`` (starting at a capitalised word), longest first at
        each token, left to right; overlapping matches are left for the caller to choose from."""
        lowers = _Lowers(doc)
        found = []
        for i in capitalised(doc):
            head = _FIRST_WORD.match(lowers[i])
            patterns = self._patterns.get(head.group()) if head else None
            if not patterns:
                continue
            for pattern in patterns:
                end = _spelled_out(lowers, i, pattern.compact)
                if end and (pattern.written is None or "".join(t.text for t in doc[i:end]) == pattern.written):
                    found.append(GazetteerMatch(i, end, pattern.entry))
                    break
        return found


class _Lowers:
    """Tokens' lower-case text with straight apostrophes, read only where asked for."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i: int) -> str:
        if i not in self.cache:
            self.cache[i] = straight(self.doc[i].lower_)
        return self.cache[i]


def _spelled_out(lowers: _Lowers, start: int, compact: str) -> int:
    """The end of the token run from ``start`` that spells ``compact`` exactly, or 0."""
    spelled, end = "", start
    while end < len(lowers) and len(spelled) < len(compact):
        spelled += lowers[end]
        end += 1
    return end if spelled == compact else 0


@lru_cache(maxsize=2)
def _builtin(people: bool) -> Gazetteer:
    """Countries from countryinfo, then data/gazetteer.yaml merged over them."""
    gaz = Gazetteer(_countries())
    raw = builtin("gazetteer.yaml")
    if not isinstance(raw, list):
        raise DataFileError("built-in gazetteer: expected a list of entries")
    entries = [Entry.from_dict(item) for item in raw]
    if not people:
        entries = [e for e in entries if (e.kind or gaz.entries.get(e.name, Entry(e.name)).kind) != "person"]
    return gaz.extended(entries)


def _countries() -> dict[str, Entry]:
    """Every country of countryinfo as an organisation (its government): the capital and the
    other names it goes by as aliases, and its demonym."""
    entries = {}
    for country in all_countries():
        info = country.info()
        name, capital, demonym = info.get("name"), info.get("capital"), info.get("demonym")
        if not isinstance(name, str) or not name:
            continue
        if not isinstance(demonym, str):
            demonym = None
        aliases = [a for a in info.get("altSpellings") or [] if isinstance(a, str) and _NAME_LIKE.match(a)
                   and a != name]
        aliases += [c for c in (capital if isinstance(capital, list) else [capital]) if isinstance(c, str) and c]
        if demonym:
            aliases.append(f"{demonym} government")
        entries[name] = Entry(name=name, kind="organization", aliases=tuple(dict.fromkeys(aliases)),
                              demonym=demonym or None)
    return entries
