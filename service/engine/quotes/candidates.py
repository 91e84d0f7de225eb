"""A quote candidate: a cue, its content span and its speaker's mention, before the marks
decide whether it is direct, indirect or mixed; and a cue hit, a reporting verb with its
speaker whether or not it found content (a quotation next to it may be its content)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..confidence import Construction


@dataclass
class Candidate:
    """One cue with its content span (characters) and speaker head token."""

    start: int
    end: int
    cue: Span | None
    lemma: str | None
    source: Token | None
    construction: Construction
    weight: float = 1.0
    attitude: bool = False  # a belief or stance, not speech (scope "attributions")


@dataclass
class CueHit:
    """A reporting verb with its speaker, whether or not it yielded content."""

    verb: Token
    lemma: str
    cue: Span
    source: Token | None
    weight: float
