"""Role text: a role as a label, and the words of a description.

Roles are labels: spaces are single and apostrophes straight, so one role reads the
same whatever the article's typography. A relative role ("his Ukrainian counterpart")
is made explicit from the possessor's own role ("Ukrainian Foreign Minister").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..lexicon.words import Words
from ..text.folding import label


@dataclass(frozen=True)
class TextRole:
    """A role found in the text; ``relative_to`` is set for "his counterpart" roles."""

    text: str
    position: int  # token index where it is stated
    source: str  # text | relative
    organization: str | None = None
    relative_to: Token | None = None  # the possessor ("his") of a relative role
    qualifier: str = ""  # "Ukrainian" in "his Ukrainian counterpart"



def span_text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as written (a name left out of its description leaves no gap)."""
    return label("".join(t.text_with_ws for t in tokens))


def trim(tokens: list[Token], words: Words) -> list[Token]:
    """Drop determiners, possessive pronouns and courtesy titles at the left edge, and
    punctuation at both."""
    while tokens and (tokens[0].dep_ in ("det", "predet", "cc", "punct") or tokens[0].lower_ in words.courtesy_titles
                      or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def relative(tokens: list[Token], possessor: Token | None, position: int) -> TextRole:
    """ "his Ukrainian counterpart": qualifier "Ukrainian", made explicit once "his" is resolved."""
    return TextRole("", position, "relative", None, possessor, span_text(tokens[:-1]))


def organization_in(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    for ent in tokens[0].doc[tokens[0].i:tokens[-1].i + 1].ents:
        if ent.label_ == "ORG":
            words = [t for t in ent if t.dep_ != "det"]
            return span_text(words) or None
    return None


def relative_role(qualifier: str, possessor_role: str | None, demonyms: set[str]) -> str | None:
    """ "his Ukrainian counterpart" of a "Chinese Foreign Minister" -> "Ukrainian Foreign Minister"."""
    if not possessor_role:
        return None
    words = [w for w in possessor_role.split() if w.lower() not in demonyms and not w.endswith("'s")]
    base = " ".join(words).strip()
    if not base:
        return None
    return label(f"{qualifier} {base}") if qualifier else base


def description_of(tokens: Span | list[Token], words: Words) -> str:
    """How an unnamed source is described: the mention without its determiner."""
    return span_text(trim(list(tokens), words))
