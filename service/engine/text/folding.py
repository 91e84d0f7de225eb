"""Text folding: how two writings of a name, role or word are made comparable, in one place.

Every comparison of names, roles and description words folds through these functions, so
"China’s Foreign Ministry" and "China's foreign ministry", or "Dmytró" and "Dmytro", meet
the same way wherever they are compared:

* ``straight``: typographic apostrophes (’ ‘) as the straight one;
* ``lookup_key``: a lookup key (lower case, straight apostrophes, single spaces, no leading
  article, a possessive glued back to its word);
* ``compact``: a name as its words run together, what a run of tokens must spell out;
* ``name_word``: a word of a person's name (no accents, no edge dots or apostrophes);
* ``without_possessive``: a word without its possessive ending;
* ``label``: a role or description as reported (single spaces, straight apostrophes, no
  edge punctuation).
"""
from __future__ import annotations

import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_POSSESSIVES = ("'s", "’s", "‘s")
_ARTICLES = ("the ", "a ")
_LABEL_EDGES = " ,;:-–—"


def straight(text: str) -> str:
    """``text`` with typographic apostrophes straightened."""
    return text.translate(_APOSTROPHES)


def lookup_key(text: str) -> str:
    """Lookup key: lower case, straight apostrophes, no leading article, single spaces."""
    folded = " ".join(straight(text).lower().split())
    for article in _ARTICLES:
        if folded.startswith(article):
            folded = folded[len(article):]
    return folded.replace(" 's", "'s")


def compact(text: str) -> str:
    """A name as the concatenation of its folded words."""
    return "".join(straight(text).lower().split())


def name_word(word: str) -> str:
    """A word as names are compared: lower case, no accents, no dots or apostrophes at its edges."""
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).lower().strip(".'’")


def without_possessive(word: str) -> str:
    """``word`` without a possessive ending ("Smith’s" -> "Smith"), unless that is all it is."""
    for suffix in _POSSESSIVES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[:-len(suffix)]
    return word


def label(text: str) -> str:
    """A label: single spaces, straight apostrophes, no edge punctuation."""
    return " ".join(straight(text).split()).strip(_LABEL_EDGES)
