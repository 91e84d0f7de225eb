"""The engine's results: plain dataclasses put on ``doc._.quotes`` and ``doc._.speakers``.

They hold character offsets into ``doc.text`` (code points, end exclusive), so
they survive serialisation and mean the same to every client (the service converts
them to UTF-8 or UTF-16 units on request). They are registered with srsly's msgpack,
which spaCy serializes ``Doc`` extensions with: ``doc.to_bytes()``, ``DocBin`` and
``nlp.pipe(..., n_process=2)`` carry them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable

import srsly

QUOTE_TYPES = ("direct", "indirect", "mixed")
RESOLUTIONS = ("explicit", "alias", "coreference", "unresolved")
SPEAKER_KINDS = ("person", "organization", "group", "unknown")
ROLE_SOURCES = ("text", "relative", "gazetteer")
# how a mention names its entity: the full name, part of it or a variant, a pronoun, a description
MENTION_KINDS = ("name", "alias", "pronoun", "description")


@dataclass(frozen=True)
class TextSpan:
    """A stretch of the input text: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention(TextSpan):
    """Where the article refers to a speaker, and how (one of MENTION_KINDS)."""

    kind: str = "name"


@dataclass(frozen=True)
class Verb:
    """The reporting cue: its text as written and its dictionary form."""

    text: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    """Who said it, resolved to a canonical speaker where the article allows.

    ``name`` is None for unnamed sources ("people familiar with the plan"); then
    ``description`` says how the article describes them. ``id`` is shared by every quote
    of one speaker and by that speaker's entry in ``doc._.speakers`` (stable within one
    document); ``kb_id`` is the identifier a gazetteer entry carries (a Wikidata QID, ...);
    ``key`` is the same for the same person or organisation in every document
    (``names.keys``), None where a name cannot tell them apart.
    """

    name: str | None
    kind: str  # one of SPEAKER_KINDS
    role: str | None
    role_source: str | None  # one of ROLE_SOURCES
    organization: str | None
    resolution: str  # one of RESOLUTIONS
    mention: Mention | None
    description: str | None = None
    id: str | None = None
    kb_id: str | None = None
    key: str | None = None

    @property
    def doc_key(self) -> tuple[str | None, str | None] | None:
        """What makes two quotes' speakers the same speaker within one document: the name, else
        the description."""
        if self.name is None and self.description is None:
            return None
        return self.name, self.description if self.name is None else None


@dataclass
class Quote:
    """One attributed (or unattributed) quotation."""

    type: str
    text: str
    start: int
    end: int
    speaker: Speaker | None
    verb: Verb | None
    confidence: float
    id: str = ""
    construction: str = field(default="", compare=False)
    fragments: list[TextSpan] | None = None  # the parts of a joined split quote (``join_split``)


@dataclass
class SpeakerSummary:
    """One speaker of the article: who, in what role, how often quoted, where mentioned."""

    id: str
    name: str | None
    description: str | None
    kind: str
    role: str | None
    role_source: str | None
    organization: str | None
    kb_id: str | None
    quotes: int
    mentions: list[Mention] = field(default_factory=list)
    key: str | None = None


def summarize(quotes: list[Quote], mentions: dict[tuple, list[Mention]] | None = None) -> list[SpeakerSummary]:
    """One entry per speaker of ``quotes`` (unnamed sources by description), most quoted
    first; ``mentions`` are every mention the engine linked to a speaker, by ``Speaker.doc_key``."""
    counts: Counter[tuple] = Counter()
    first: dict[tuple, Speaker] = {}
    for quote in quotes:
        key = quote.speaker.doc_key if quote.speaker is not None else None
        if key is None:
            continue
        counts[key] += 1
        first.setdefault(key, quote.speaker)
    out = []
    for key, n in counts.most_common():
        spk = first[key]
        linked = (mentions or {}).get(key) or [q.speaker.mention for q in quotes if q.speaker is not None
                                               and q.speaker.doc_key == key and q.speaker.mention is not None]
        out.append(SpeakerSummary(spk.id or "", spk.name, spk.description, spk.kind, spk.role, spk.role_source,
                                  spk.organization, spk.kb_id, n, sorted(set(linked), key=lambda m: (m.start, m.end)),
                                  spk.key))
    return out


def restrict(speakers: list[SpeakerSummary], quotes: list[Quote]) -> list[SpeakerSummary]:
    """The entries of ``speakers`` that ``quotes`` (a subset of the document's, e.g. above a
    confidence floor) still quote, with their counts, most quoted first."""
    counts = Counter(q.speaker.id for q in quotes if q.speaker is not None and q.speaker.id)
    kept = [replace(s, quotes=counts[s.id]) for s in speakers if counts[s.id]]
    return sorted(kept, key=lambda s: -s.quotes)


def number_speakers(quotes: list[Quote]) -> None:
    """Give every speaker an ``id`` ("s1", "s2", ...) in order of first quote, shared by all
    quotes of that speaker."""
    ids: dict[tuple, str] = {}
    for quote in quotes:
        key = quote.speaker.doc_key if quote.speaker is not None else None
        if key is None:
            continue
        quote.speaker = replace(quote.speaker, id=ids.setdefault(key, f"s{len(ids) + 1}"))


# -- msgpack: a result travels as a map of its fields with its type's name under _MARK ------
_MARK = "__quote_attribution__"
_TYPES = {cls.__name__: cls for cls in (TextSpan, Mention, Verb, Speaker, Quote, SpeakerSummary)}


def _encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if type(obj).__name__ in _TYPES and type(obj) is _TYPES[type(obj).__name__]:
        return {_MARK: type(obj).__name__, **{f.name: getattr(obj, f.name) for f in fields(obj)}}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and obj.get(_MARK) in _TYPES:
        # a DocBin reads arrays as tuples: the list fields (fragments, mentions) are lists again
        return _TYPES[obj[_MARK]](**{k: list(v) if isinstance(v, tuple) else v for k, v in obj.items() if k != _MARK})
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("quote_attribution.results", func=_encode)
srsly.msgpack_decoders.register("quote_attribution.results", func=_decode)
