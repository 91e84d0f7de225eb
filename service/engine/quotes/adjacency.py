"""What may stand between a quotation and the cue that introduces or closes it.

"“…,” Jonas Brandt, a longtime adviser to the mayor, said": the speaker with an apposition,
the verb's helpers, and the verb's own object or time phrase ("telling the workers, “…”",
"saying on Monday, “…”") keep a cue adjacent to its quotation; anything else (another
clause, a full stop) separates them.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .candidates import CueHit

_ADJUNCTS = ("prep", "npadvmod", "dobj", "dative")  # a cue's phrases that may stand before its quotation


def governs(verb: Token, token: Token) -> bool:
    """True if ``token`` lies in the verb's own phrase: its heads lead to the verb without
    passing through another clause's verb."""
    for _ in range(12):
        if token.i == verb.i:
            return True
        if token.head.i == token.i or token.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "conj") \
                and token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return False


def source_tokens(between: Span, hit: CueHit) -> int:
    """How many tokens of ``between`` belong to the cue's speaker mention (with its apposition)."""
    if hit.source is None or not len(between):
        return 0
    left, right = hit.source.left_edge.i, hit.source.right_edge.i
    return max(0, min(right, between.end - 1) - max(left, between.start) + 1)


def only_attribution(between: Span, hit: CueHit) -> bool:
    """Between a quotation and its cue stand only punctuation, the speaker (with the
    capitalised words of a title the parser hung elsewhere: "Eastbrook police Chief Ana
    Brandt") and the verb's helpers."""
    source = hit.source
    left = None
    if source is not None:
        # "Chief Ana Brandt" parsed as a title with the name as its apposition: the title's words too
        named = source.head if source.dep_ == "appos" and source.head.i < source.i else source
        left = named.left_edge.i
        while left > between.start and (between.doc[left - 1].is_title or (
                between.doc[left - 1].dep_ == "compound" and left <= between.doc[left - 1].head.i <= source.i)):
            left -= 1
    for tok in between:
        if tok.is_space or (tok.is_punct and tok.text not in (".", "?", "!")):
            continue
        if source is not None and left <= tok.i <= source.right_edge.i:
            continue
        if tok.head.i == hit.verb.i and tok.dep_ in ("aux", "auxpass", "neg", "advmod", "nsubj", "dobj", "dative", "prt"):
            continue
        if _in_adjunct(tok, hit.verb):
            continue
        return False
    return True


def _in_adjunct(tok: Token, verb: Token) -> bool:
    """A word of the verb's object or of a time or place phrase of it: "telling the workers,
    “…”", "saying on Monday, “…”", "told reporters on Tuesday, “…”"."""
    for _ in range(4):
        if tok.head.i == verb.i:
            return tok.dep_ in _ADJUNCTS
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False
