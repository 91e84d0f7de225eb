"""Paragraphs: every non-blank line of the text is one, and starts a sentence.

News text puts headlines, bylines and captions on lines of their own, without final
punctuation; left to itself the parser runs them into the next sentence ("Harbour Board
Chair Resigns ... The board said ..."). The parser keeps sentence starts that are already
set, so marking the first token of every line before it runs costs one pass over the
text and no second parse. The rules read the same paragraphs (``paragraph_spans``): a
quotation never runs past its paragraph unless the next one opens with a quotation mark.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_LINE = re.compile(r"[^\n]+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-blank lines of ``text``; a line is a paragraph."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if not m.group().isspace()]


@Language.component("quote_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token of every paragraph after the first line."""
    text = doc.text
    for start, end in paragraph_spans(text):
        if start == 0:
            continue  # the text's first line: nothing before it to break from
        first = start
        while text[first].isspace():
            first += 1
        span = doc.char_span(first, first + 1, alignment_mode="expand")
        if span is not None and len(span) and span[0].i > 0:
            span[0].is_sent_start = True
    return doc
