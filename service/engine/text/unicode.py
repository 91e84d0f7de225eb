"""What counts as text: whitespace as JSON Schema sees it, and strings that are not Unicode.

The API's schemas, the gazetteer's entry rules and the annotator all ask these two
questions; they are answered here once.
"""
from __future__ import annotations

# Whitespace as JSON Schema patterns (ECMAScript) define it, so that the API, its OpenAPI
# description ("pattern: \\S") and this check agree on what a blank name is.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"


def lone_surrogate(value: str) -> int | None:
    """The offset of the first lone surrogate in ``value`` (a JSON ``"\\ud800"`` escape gives
    one), or None: such a string is not Unicode text and cannot be encoded in any answer."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None
