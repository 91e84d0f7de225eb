"""Subjects across quotation marks: where the parser hangs a reporting verb inside the
quoted clause before it, or coordinates a participle into it, the speaker is read from
the surface order around the marks ("“…,” Eastbrook police Chief Ana Brandt said").
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Token

from .mentions import is_name

_STRANDED_WINDOW = 30  # tokens back from a subjectless verb to the closing quote mark


def quoted_apart(child: Token, verb: Token) -> bool:
    """True when a quotation mark opens or closes between the two tokens an odd number of
    times: one of them is inside a quotation the other is outside of."""
    lo, hi = sorted((child.i, verb.i))
    return sum(1 for t in verb.doc[lo + 1:hi] if t.is_quote) % 2 == 1


def _nearest_before(token: Token, test: Callable[[Token], bool]) -> Token | None:
    """The nearest token before ``token``, within ``_STRANDED_WINDOW``, that passes ``test``."""
    doc = token.doc
    return next((doc[i] for i in range(token.i - 1, max(token.i - _STRANDED_WINDOW, 0) - 1, -1)
                 if test(doc[i])), None)


def participle_before_quotation(quoted: Token) -> Token | None:
    """ "treating the question as a joke -- “That one is easy” -- and asserting": the
    participle before the quotation a later participle was coordinated into."""
    opening = _nearest_before(quoted, lambda t: t.is_quote)
    if opening is None:
        return None
    return _nearest_before(opening, lambda t: t.tag_ == "VBG" and t.dep_ in ("advcl", "acl", "conj"))


def inverted(verb: Token) -> Token | None:
    """ "..., explained the Kremlin": the reported clause comes first and the parser makes
    the speaker after the verb its object, or leaves it stranded inside the quoted clause."""
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("dobj", "attr", "npadvmod", "dative"):
            return child
    return _stranded_subject(verb)


def hung_in_quotation(verb: Token) -> Token | None:
    """ "“…,” Eastbrook police Chief Ana Brandt said": a verb the parser coordinated with (or
    hung from) the quoted clause before it has its speaker between the quotation and it."""
    if verb.head.i >= verb.i or not quoted_apart(verb.head, verb):
        return None
    return _stranded_subject(verb)


def _stranded_subject(verb: Token) -> Token | None:
    """ "“…,” Felix Aalto, wearing a straw hat, said": the name between the closing quote
    mark and a subjectless verb, which the parser hung inside the quoted clause."""
    doc = verb.doc
    close = _nearest_before(verb, lambda t: t.is_quote)
    if close is None:
        return None
    named = [t for t in doc[close.i + 1:verb.i] if is_name(t) or t.tag_ == "PRP"]
    if not named:
        return None
    # a person's name before a place's ("Eastbrook police Chief Ana Brandt")
    tok = next((t for t in named if t.ent_type_ == "PERSON"), named[0])
    while tok.dep_ == "compound" and tok.head.i < verb.i:
        tok = tok.head
    return tok
