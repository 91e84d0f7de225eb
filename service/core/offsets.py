"""Offsets in the unit the caller slices strings in.

The engine counts code points (Python's ``str`` indices). A Go client slices UTF-8
bytes and JavaScript slices UTF-16 code units, so a response can carry its offsets
in either (``offsets``: ``codepoint``, ``utf16``, ``utf8``), as Google's Natural
Language API does with ``encodingType``.
"""
from __future__ import annotations

import re
from itertools import accumulate
from typing import Any, Callable

UNITS = ("codepoint", "utf16", "utf8")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _utf16_units(char: str) -> int:
    return 2 if char > "\uffff" else 1


def _utf8_bytes(char: str) -> int:
    code = ord(char)
    if code < 0x80:
        return 1
    if code < 0x800:
        return 2
    return 3 if code < 0x10000 else 4


def converter(text: str, unit: str) -> Callable[[int], int]:
    """A function from a code-point offset into ``text`` to the same offset in ``unit``.

    Identity where the unit cannot differ (code points, ASCII text, UTF-16 without astral
    characters); otherwise one prefix-sum table over the text, built once per document.
    """
    if unit not in UNITS:
        raise ValueError(f"offsets must be one of {UNITS}, not {unit!r}")
    if unit == "codepoint" or text.isascii() or (unit == "utf16" and not _ASTRAL.search(text)):
        return int
    size = _utf16_units if unit == "utf16" else _utf8_bytes
    table = list(accumulate(map(size, text), initial=0))
    return table.__getitem__


def convert_spans(value: Any, convert: Callable[[int], int]) -> Any:
    """Convert every ``start``/``end`` offset in a response tree in place (quote, fragments,
    verb, mentions, and any span added later) and return it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("start", "end") and isinstance(item, int):
                value[key] = convert(item)
            else:
                convert_spans(item, convert)
    elif isinstance(value, list):
        for item in value:
            convert_spans(item, convert)
    return value
