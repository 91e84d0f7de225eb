"""Sentence bounds by bisection.

``Token.sent`` walks the whole sentence to find its ends, so code that asks it for every
cue, mark or mention costs the square of the sentence's length, which a text without
full stops makes the square of the text's. The starts are read once per document (into
``doc.user_data``) and a token's sentence is found by bisection.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

_KEY = ("quote_attribution", "sentence_starts")


def _starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_KEY)
    if starts is None:  # from the sentence-start array: ``doc.sents`` visits every token in Python
        marks = doc.to_array(SENT_START)
        starts = [0] + [int(i) for i in numpy.flatnonzero(marks == 1) if i > 0]
        doc.user_data[_KEY] = starts
    return starts


def sentence_number(token: Token) -> int:
    """The index of the token's sentence in the document."""
    return bisect_right(_starts(token.doc), token.i) - 1


def sentence(token: Token) -> Span:
    """The token's sentence (as ``token.sent``, in logarithmic time)."""
    doc = token.doc
    starts = _starts(doc)
    k = bisect_right(starts, token.i) - 1
    return doc[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(doc)]


def sentences(doc: Doc) -> list[Span]:
    """Every sentence of the document, in order."""
    starts = _starts(doc)
    return [doc[s:e] for s, e in zip(starts, [*starts[1:], len(doc)])]
