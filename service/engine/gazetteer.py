"""The speaker gazetteer: canonical names, aliases, roles and organisations.

The built-in file ships with the package; a user's file (QUOTES_GAZETTEER) and
a request's own entries are merged over it by canonical name, later wins.
Lookups are case-insensitive and treat typographic and straight apostrophes
alike, so "China’s Foreign Ministry" finds "China's Foreign Ministry".
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import DataFileError, builtin, load_yaml

KINDS = ("person", "organization")
# Whitespace as JSON Schema patterns (ECMAScript) define it, so that the API, its OpenAPI
# description ("pattern: \\S") and this check agree on what a blank name is.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"


def normalize(text: str) -> str:
    """Lookup key: lower case, straight apostrophes, no leading article, single spaces."""
    key = " ".join(text.replace("’", "'").replace("‘", "'").lower().split())
    for article in ("the ", "a "):
        if key.startswith(article):
            key = key[len(article):]
    return key.replace(" 's", "'s")


@dataclass(frozen=True)
class Entry:
    """One canonical speaker."""

    name: str
    kind: str | None = "person"  # None only in an entry not yet merged: it keeps the kind it merges over
    aliases: tuple[str, ...] = ()
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    gender: str | None = None
    demonym: str | None = None
    id: str | None = None  # the caller's identifier (a Wikidata QID, a CMS id), returned as kb_id

    @classmethod
    def from_dict(cls, raw: Any) -> "Entry":
        """Validate one entry (a YAML file's, or a dict a Python caller puts on a doc) by the same
        rules as the API's request entries; raises ValueError with a message a user can act on."""
        from marshmallow import ValidationError

        from ..gazetteer_schema import GazetteerEntrySchema  # imported here: it imports this module

        try:
            return GazetteerEntrySchema().load(raw)
        except ValidationError as exc:
            name = raw.get("name") if isinstance(raw, dict) else None
            raise ValueError(f"gazetteer entry {name!r}: {exc.messages}") from None

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Gazetteer:
    """Entries by canonical name, with an alias index and a PhraseMatcher per vocab."""

    entries: dict[str, Entry]
    _index: dict[str, Entry] = field(default_factory=dict, repr=False)
    _matchers: dict[int, PhraseMatcher] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for name in entry.names():
                self._index.setdefault(normalize(name), entry)
        # canonical names win over another entry's alias
        for entry in self.entries.values():
            self._index[normalize(entry.name)] = entry

    @classmethod
    def load(cls, path: str | Path | None = None, extra: Iterable[Any] = ()) -> "Gazetteer":
        """The built-in gazetteer, then ``path`` (if given), then ``extra`` entries, merged."""
        gaz = cls({})
        sources: list[tuple[str, Any]] = [("built-in gazetteer", builtin("gazetteer.yaml"))]
        if path:
            sources.append((str(path), load_yaml(path)))
        for label, raw in sources:
            if not isinstance(raw, list):
                raise DataFileError(f"{label}: expected a list of entries")
            try:
                gaz = gaz.extended(raw)
            except ValueError as exc:
                raise DataFileError(f"{label}: {exc}") from exc
        return gaz.extended(extra) if extra else gaz

    def extended(self, extra: Iterable[Any]) -> "Gazetteer":
        """A new gazetteer with ``extra`` entries merged over this one (ValueError if invalid)."""
        entries = dict(self.entries)
        for item in extra:
            entry = item if isinstance(item, Entry) else Entry.from_dict(item)
            old = entries.get(entry.name)
            if old is not None:  # keep what the new entry leaves out (its kind included)
                entry = replace(old, **{k: v for k, v in entry.__dict__.items() if v not in (None, ())})
            elif entry.kind is None:
                entry = replace(entry, kind="person")
            entries[entry.name] = entry
        return Gazetteer(entries)

    def lookup(self, text: str) -> Entry | None:
        return self._index.get(normalize(text))

    def by_demonym(self) -> dict[str, str]:
        """'chinese' -> 'china' for every country entry with a demonym."""
        return {e.demonym.lower(): e.name.lower() for e in self.entries.values() if e.demonym}

    def matcher(self, vocab: Vocab, make_doc: Callable[[str], Doc]) -> PhraseMatcher:
        """A case-insensitive PhraseMatcher over every name and alias (match id = canonical name).

        ``make_doc`` is the pipeline's tokenizer, so aliases split as the text does.
        """
        key = id(vocab)
        if key not in self._matchers:
            matcher = PhraseMatcher(vocab, attr="LOWER")
            for entry in self.entries.values():
                variants = set()
                for name in entry.names():
                    variants.add(name)
                    if "'" in name:
                        variants.add(name.replace("'", "’"))
                matcher.add(entry.name, [make_doc(v) for v in sorted(variants)])
            self._matchers[key] = matcher
        return self._matchers[key]
