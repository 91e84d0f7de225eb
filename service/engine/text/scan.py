"""Finding the few tokens a rule looks at without visiting every token.

Every ``Token`` a Python loop touches is a new object, which costs more than the rule's
test; a whole-document loop per rule came to half of the engine's time. These read the
document's attribute arrays (``Doc.to_array``) or its text once and hand back the
indices of the tokens worth a look, cached on the document.
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy
from spacy.attrs import DEP, IDX, LEMMA, TAG
from spacy.tokens import Doc

_CAPITAL = re.compile(r"(?<![^\W\d_])[^\W\d_]", re.UNICODE)  # a letter that starts a word


_OWNER = "quote_attribution"


def forget(doc: Doc) -> None:
    """Drop what this module and ``sentences`` cached on the document, once the work is done."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[0] == _OWNER]:
        del doc.user_data[key]


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins the tokens again on every read."""
    key = (_OWNER, "text")
    text = doc.user_data.get(key)
    if text is None:
        text = doc.user_data[key] = doc.text
    return text


def capitalised(doc: Doc) -> list[int]:
    """Tokens whose first character is a capital letter, in order."""
    key = (_OWNER, "capitalised")
    found = doc.user_data.get(key)
    if found is None:
        starts = doc.to_array(IDX)
        text = text_of(doc)
        chars = [m.start() for m in _CAPITAL.finditer(text) if text[m.start()].isupper()]
        at = numpy.searchsorted(starts, chars)
        found = sorted({int(i) for i, c in zip(at, chars) if i < len(starts) and starts[i] == c})
        doc.user_data[key] = found
    return found


def with_dep(doc: Doc, labels: Iterable[str], tag: str | None = None) -> list[int]:
    """Tokens with one of these dependency labels (and this fine-grained tag, if given)."""
    strings = doc.vocab.strings
    arrays = doc.to_array([DEP, TAG])
    hit = numpy.isin(arrays[:, 0], [strings.add(label) for label in labels])
    if tag is not None:
        hit &= arrays[:, 1] == strings.add(tag)
    return [int(i) for i in numpy.flatnonzero(hit)]


def with_lemma(doc: Doc, lemmas: Iterable[str]) -> list[int]:
    """Tokens whose lemma is one of these (lower-case) words."""
    strings = doc.vocab.strings
    hashes = [strings[w] for w in lemmas if w in strings]  # a word the vocabulary lacks is in no doc
    found = numpy.isin(doc.to_array(LEMMA), hashes) if hashes else numpy.zeros(len(doc), dtype=bool)
    return [int(i) for i in numpy.flatnonzero(found)]
