"""The engine's results: plain dataclasses put on ``doc._.quotes``.

They hold character offsets into ``doc.text`` (code points, end exclusive), so
they survive serialisation and mean the same to every client. ``to_dict`` gives
the API's JSON shape.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

QUOTE_TYPES = ("direct", "indirect", "mixed")
RESOLUTIONS = ("explicit", "alias", "coreference", "gazetteer", "unresolved")
# what counts as a quote: speech acts with a reported content (the seed conventions), or every
# attribution, beliefs and stances included (PolNeAR/PARC); see engine.component
SCOPES = ("quotes", "attributions")


@dataclass(frozen=True)
class TextSpan:
    """A stretch of the input text: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


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
    ``description`` says how the article describes them.
    """

    name: str | None
    kind: str  # person | organization | group | unknown
    role: str | None
    role_source: str | None  # text | relative | gazetteer
    organization: str | None
    resolution: str  # one of RESOLUTIONS
    mention: TextSpan | None
    description: str | None = None


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

    def to_dict(self) -> dict[str, Any]:
        """The API shape; ``construction`` is kept for explanation and debugging."""
        return asdict(self)
