"""Finding direct quotations by their quotation marks.

Marks are paired on the raw text, not on tokens, because the tokenizer neither
tells opening from closing straight quotes nor knows about paragraphs. The
pairing is deliberately conservative about what it may swallow: a quote never
runs past the end of its paragraph unless the next paragraph opens with a quote
mark (the newspaper convention for a quote spread over several paragraphs), so
a stray or unbalanced mark costs at most one paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.paragraphs import paragraph_spans

# Opening mark -> the closing marks that may end it.
_DOUBLE_CLOSERS = {
    "“": "”“\"",  # “…” (and “…“ in sloppy or German-style text)
    "„": "“”\"",  # „…“ (German), „…” (Polish)
    "«": "»",
    "\"": "\"”",
    "”": "”\"",  # ”…” (Swedish, or a misplaced opener)
    "‹": "›",
}
_SINGLE_CLOSERS = {"‘": "’'", "'": "'’", "‚": "‘’"}
_MARK_RE = re.compile("[“”„‟\"«»‹›‘’'‚]")
_LEFT_CONTEXT = set("([{—–-/") | {"\n"}
_RIGHT_CONTEXT = set(".,;:!?)]}—–-…")


@dataclass(frozen=True)
class QuoteMarks:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool


def _left_open(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _LEFT_CONTEXT


def _right_open(text: str, i: int) -> bool:
    return i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] in _RIGHT_CONTEXT


def _can_open(text: str, i: int) -> bool:
    char = text[i]
    if char in "“„«‹‚":
        return True
    if char in "”\"'‘":
        # A mark that touches a word on its right and not on its left opens;
        # one between two spaces opens only where no quote is open (decided by caller).
        return _left_open(text, i) and (not _right_open(text, i) or char in "”\"")
    return False


def _can_close(text: str, i: int) -> bool:
    if text[i] in "»›":
        return True
    return _right_open(text, i) or not _left_open(text, i)


def _opens_paragraph(text: str, para: tuple[int, int]) -> int | None:
    """Index of a quote mark that opens ``para`` (after leading spaces), if any."""
    start, end = para
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in "“„«\"‘'”" and _can_open(text, start):
        return start
    return None


def find_quotes(text: str) -> list[QuoteMarks]:
    """All top-level quotations in ``text``, in order.

    Quotes nested inside another quote are part of the outer one's content,
    not quotations of their own.
    """
    found: list[QuoteMarks] = []
    paragraphs = paragraph_spans(text)
    open_at: int | None = None  # index of the opening double mark
    open_char = ""
    carry = False  # the open quote continues from the previous paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        single_at: int | None = None
        single_char = ""
        skip = _opens_paragraph(text, (p_start, p_end)) if carry else None
        for m in _MARK_RE.finditer(text, p_start, p_end):
            i, char = m.start(), m.group()
            if i == skip:
                continue
            if char in "‘’'‚":
                if open_at is not None:
                    continue  # nested single quotes belong to the outer quote
                if single_at is None:
                    if char in _SINGLE_CLOSERS and _can_open(text, i) and not _right_open(text, i):
                        single_at, single_char = i, char
                elif char in _SINGLE_CLOSERS[single_char] and _right_open(text, i) and not _left_open(text, i):
                    found.append(QuoteMarks(single_at, i + 1, single_at + 1, i, True))
                    single_at = None
                continue
            if open_at is None:
                if char in _DOUBLE_CLOSERS and _can_open(text, i):
                    open_at, open_char = i, char
                    single_at = None  # an open single mark before a double one was an apostrophe
                continue
            if char in _DOUBLE_CLOSERS[open_char] and _can_close(text, i):
                found.append(QuoteMarks(open_at, i + 1, open_at + 1, i, True))
                open_at = None
        carry = False
        if open_at is not None:
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            if nxt is not None and _opens_paragraph(text, nxt) is not None:
                carry = True  # multi-paragraph quote: goes on in the next paragraph
            else:
                end = p_end
                while end > open_at + 1 and text[end - 1].isspace():
                    end -= 1
                found.append(QuoteMarks(open_at, end, open_at + 1, end, False))
                open_at = None
    return [q for q in found if any(c.isalnum() for c in text[q.inner_start:q.inner_end])]
