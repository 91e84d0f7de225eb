"""Paragraph boundaries as sentence boundaries, set before the parser runs.

News text puts headlines, bylines and captions on lines of their own, without
final punctuation; left to itself the parser runs them into the next sentence
("Global China Leader Xi Jinping ... China says ..."). The parser keeps
sentence starts that are already set, so marking the first token after each
line break costs one pass over the text's whitespace runs (which cannot backtrack, however
many blank lines there are) and no second parse.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_SPACE = re.compile(r"\s+")


@Language.component("quote_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token of every line."""
    text = doc.text
    for match in _SPACE.finditer(text):
        if "\n" not in match.group() or match.end() == len(text):
            continue
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and len(span) and span[0].i > 0:
            span[0].is_sent_start = True
    return doc
