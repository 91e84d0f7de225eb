"""A person's name, as the article writes it, split into the parts that tell two people
apart: given name, surname, suffix; and what spelling variants of one name look like.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gender_guesser.detector import Detector
from nameparser import HumanName
from rapidfuzz.distance import Levenshtein

from ..text.folding import name_word, without_possessive

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_VARIANT_SIMILARITY = 0.8  # normalised Levenshtein similarity of two spellings of one name
_GUESSED = {"male": "m", "female": "f"}  # gender_guesser's sure answers ("mostly_..." are not)


@lru_cache(maxsize=1)
def _detector() -> Detector:
    return Detector(case_sensitive=False)


def similar(a: str, b: str) -> bool:
    """Two folded words are one name spelled two ways ("dmitro"/"dmytro")."""
    if a == b:
        return True
    return (min(len(a), len(b)) >= 4 and a[0] == b[0]
            and Levenshtein.normalized_similarity(a, b) >= _VARIANT_SIMILARITY)


@dataclass(frozen=True)
class NameForm:
    """One way the article writes a name, split into its parts."""

    text: str
    first: str | None  # folded given name, None for a single name
    last: str  # folded surname (or the whole single name)
    suffix: str | None
    size: int  # words, for "fullest form"

    @classmethod
    def parse(cls, text: str) -> "NameForm":
        text = bare(text)
        parts = HumanName(text)
        words = [name_word(w) for w in text.replace("-", " - ").split() if name_word(w) not in ("", "-")]
        suffix = name_word(parts.suffix) or None
        words = [w for w in words if w not in SUFFIXES]
        last = name_word(parts.last.split()[-1]) if parts.last else (words[-1] if words else name_word(text))
        first = name_word(parts.first) if parts.first and len(words) > 1 else None
        return cls(text, first, last, suffix if suffix in SUFFIXES else None, len(text.split()))

    def compatible(self, other: "NameForm") -> bool:
        """One person: same or variant surname, and given names that do not differ."""
        if not similar(self.last, other.last) or self.suffix != other.suffix:
            return False
        if self.first is None or other.first is None:
            return True
        a, b = self.first, other.first
        return similar(a, b) or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def guessed_gender(form: NameForm) -> str | None:
    """"m" or "f" where the given name says so surely (gender_guesser's data), else None."""
    return _GUESSED.get(_detector().get_gender(form.text.split()[0])) if form.first else None


def bare(text: str) -> str:
    """A name without what clings to its first or last word: "-Jonas Brandt" (a list's
    dash), "Okafor‘s" (a possessive the tokenizer left on)."""
    text = text.strip()
    while text and not text[0].isalnum():
        text = text[1:]
    return without_possessive(text)
