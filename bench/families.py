"""Hostile request families for the adversarial and memory benchmarks (issue 13).

Each family makes the body of one request at a given size in characters of text:
small inputs an attacker can send cheaply that have cost the engine far more per
character than news does (runs of punctuation, thousands of short quotes, nested
"said", distinct names, right-to-left text, random gazetteers ...). Generation is
deterministic (seeded), so two runs send the same bytes.
"""
from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from service.offline.corpus import load_texts

DEFAULT_BODY_LIMIT = 2 * 1024 * 1024  # Settings().max_body_bytes: a request must fit to be accepted
NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear" / "dev"


@dataclass(frozen=True)
class Request:
    """One request: the endpoint and its JSON body (before encoding)."""

    path: str
    payload: dict[str, Any]
    chars: int  # characters of text in all documents

    def body(self) -> bytes:
        """UTF-8 JSON, non-ASCII kept as is (\\u escapes would inflate right-to-left text 3x)."""
        return json.dumps(self.payload, ensure_ascii=False).encode("utf-8")


def cut(unit: str, size: int) -> str:
    """``unit`` repeated and cut to exactly ``size`` characters."""
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def _joined(pieces, size: int) -> str:
    """Pieces from a generator joined until the text has ``size`` characters, then cut there."""
    out, length = [], 0
    for piece in pieces:
        out.append(piece)
        length += len(piece)
        if length >= size:
            break
    return "".join(out)[:size]


def _word(rng: random.Random, low: int = 3, high: int = 9) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(low, high)))


def _name(rng: random.Random) -> str:
    return f"{_word(rng, 4, 8).capitalize()} {_word(rng, 5, 10).capitalize()}"


def _names_saying(size: int, rng: random.Random) -> str:
    verbs = ("said", "told reporters", "argued", "added")
    def pieces():
        while True:
            yield f"{_name(rng)} {rng.choice(verbs)} that the {_word(rng)} would {_word(rng)}. "
    return _joined(pieces(), size)


def _right_to_left(size: int, rng: random.Random) -> str:
    hebrew = [chr(c) for c in range(0x05D0, 0x05EB)]
    arabic = [chr(c) for c in range(0x0627, 0x064B)]
    def pieces():
        while True:
            letters = rng.choice((hebrew, arabic))
            words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 8))) for _ in range(rng.randint(4, 14))]
            yield " ".join(words) + rng.choice((". ", "، ", ".\n\n", ": "))
    return _joined(pieces(), size)


def _punctuation(size: int, rng: random.Random) -> str:
    marks = "=-_*~#.!?+/\\|<>^"
    return "".join(rng.choice(marks) for _ in range(size))


def _whitespace(size: int, rng: random.Random) -> str:
    return "".join(rng.choice(" \t\n\r\u00a0") for _ in range(size))


def _brackets(size: int, rng: random.Random) -> str:
    half = (size - 1) // 2
    return cut("(", half) + "x" + cut(")", size - half - 1)


def _brackets_spaced(size: int, rng: random.Random) -> str:
    half = (size - 1) // 2
    return cut("( ", half) + "x" + cut(" )", size - half - 1)


def _quote_inside_quote(size: int, rng: random.Random) -> str:
    return cut("“" + "he said, “", size)


@lru_cache(maxsize=1)
def _corpus(source: Path) -> str:
    texts = [text for _, text in load_texts(source) if text.strip()]
    if not texts:
        raise FileNotFoundError(f"no articles in {source}")
    return "\n\n".join(texts)


def news_text(size: int, source: Path = NEWS) -> str:
    """PolNeAR dev articles (never its test split) joined by blank lines and cut to ``size``."""
    corpus = _corpus(source)
    while len(corpus) < size:
        corpus += "\n\n" + corpus
    return corpus[:size]


def random_gazetteer(rng: random.Random, budget_bytes: int, entries: int = 200, aliases: int = 50) -> list[dict]:
    """At most ``entries`` entries of ``aliases`` aliases each (the default request limits),
    made of random words that are in no vocabulary, filling about ``budget_bytes`` of JSON."""
    per_alias = max(8, min(200, budget_bytes // (entries * aliases) - 4))
    out = []
    for n in range(entries):
        names = []
        for _ in range(aliases):
            words, length = [], 0
            while length < per_alias - 10:
                words.append(_word(rng, 4, 9).capitalize())
                length += len(words[-1]) + 1
            names.append(" ".join(words)[:per_alias].strip())
        out.append({"name": f"{_name(rng)} {n}", "aliases": names,
                    "role": f"{_word(rng).capitalize()} of {_word(rng).capitalize()}", "gender": rng.choice("mf")})
    return out


def _gazetteer_budget(text: str, limit: int) -> int:
    """What is left of the body limit for a gazetteer next to ``text`` (with room for JSON)."""
    return max(0, int((limit - len(text.encode("utf-8")) - 2048) * 0.95))


@dataclass(frozen=True)
class Family:
    """A named way of making a request of a given size."""

    name: str
    what: str
    make: Callable[[int, random.Random], Request] = field(repr=False)


def _single(text_of: Callable[[int, random.Random], str]) -> Callable[[int, random.Random], Request]:
    def make(size: int, rng: random.Random) -> Request:
        text = text_of(size, rng)
        return Request("/v1/quotes", {"text": text}, len(text))
    return make


def _with_gazetteer(size: int, rng: random.Random, body_limit: int = DEFAULT_BODY_LIMIT) -> Request:
    text = news_text(size)
    return Request("/v1/quotes", {"text": text, "gazetteer": random_gazetteer(rng, _gazetteer_budget(text, body_limit))},
                   len(text))


def _batch_with_gazetteer(size: int, rng: random.Random, body_limit: int = DEFAULT_BODY_LIMIT,
                          documents: int = 64) -> Request:
    text = news_text(size)
    step = -(-len(text) // documents)
    docs = [{"id": str(i), "text": text[start:start + step]} for i, start in enumerate(range(0, len(text), step))]
    return Request("/v1/quotes/batch",
                   {"documents": docs, "gazetteer": random_gazetteer(rng, _gazetteer_budget(text, body_limit))},
                   len(text))


NEWS_FAMILY = Family("news", "PolNeAR dev articles joined, cut to size (the reference)",
                     _single(lambda size, rng: news_text(size)))

FAMILIES: list[Family] = [
    NEWS_FAMILY,
    Family("equals", "one run of `=` signs", _single(lambda size, rng: cut("=", size))),
    Family("punctuation", "random ASCII punctuation, no spaces", _single(_punctuation)),
    Family("said-straight", "`\"X,\" he said. ` repeated", _single(lambda size, rng: cut('"X," he said. ', size))),
    Family("curly-short", "`“a” ` repeated: tens of thousands of short curly quotes",
           _single(lambda size, rng: cut("“a” ", size))),
    Family("curly-open", "`“a ` repeated: opening marks never closed", _single(lambda size, rng: cut("“a ", size))),
    Family("quote-in-quote", "`“he said, “` repeated", _single(_quote_inside_quote)),
    Family("newlines", "`\\n` repeated", _single(lambda size, rng: cut("\n", size))),
    Family("whitespace", "random spaces, tabs, CR, LF, no-break spaces", _single(_whitespace)),
    Family("brackets", "`(((…x…)))` nested", _single(_brackets)),
    Family("brackets-spaced", "`( ( … x … ) )` nested, one token each", _single(_brackets_spaced)),
    Family("names", "thousands of distinct random names, each saying something",
           _single(_names_saying)),
    Family("rtl", "Hebrew and Arabic letters in words and sentences", _single(_right_to_left)),
    Family("said-nested", "`he said ` repeated", _single(lambda size, rng: cut("he said ", size))),
    Family("said-colon", "`he said:\\n\\n` repeated", _single(lambda size, rng: cut("he said:\n\n", size))),
    Family("according", "`According to ` repeated", _single(lambda size, rng: cut("According to ", size))),
    Family("one-word", "one letter repeated: a single token", _single(lambda size, rng: cut("a", size))),
    Family("gazetteer", "news with the largest random gazetteer the body limit allows (200 × 50 aliases)",
           _with_gazetteer),
    Family("batch-gazetteer", "news in 64 documents with the largest random gazetteer, one batch request",
           _batch_with_gazetteer),
]


def family(name: str) -> Family:
    for fam in FAMILIES:
        if fam.name == name:
            return fam
    raise KeyError(f"unknown family {name!r}; one of {', '.join(f.name for f in FAMILIES)}")
