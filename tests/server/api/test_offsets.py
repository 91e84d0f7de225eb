"""Offsets in every unit slice exactly what the response says, whatever the text holds.

Property test (hypothesis): texts built from templates that really yield quotes
(direct, split, indirect, a pronoun speaker), filled with astral characters, emoji
(skin tones, ZWJ sequences), combining marks, CJK and CRLF line ends. For each unit,
the text encoded in that unit, sliced by every span in the response (quotes, fragments,
verbs, speaker mentions, speakers[].mentions), gives exactly the span's ``text``.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.core.config import Settings
from service.server.app import create_app

PIECES = ["a", "e", "r", "s", "t", "o", "n", "Q", " ", " ", " ", "é", "e\u0301", "\u0301", "\u20dd", "ß", "中", "文",
          "🙂", "👍🏽", "👨\u200d👩\u200d👧", "𝒜", "𐍈", "\U0010fffd", "\t", "9", "—", "…"]
# line ends go between paragraphs (the templates' and the fillers'): a quote does not run past one
LINES = ["\r\n", "\r\n\r\n", "\n"]
NAMES = ["Dmitry Peskov", "Zoë Ångström", "José Müller", "Jane Roe", "Olúwasẹ́un Adé", "Ólafur Þórðarson"]
# (template, whether every fill yields a quote): a quotation with a cue always does; an
# indirect quote needs a parse that reads the random clause as one, which it may not
TEMPLATES = [
    ("“{a},” {name} said.", True),
    ("{p}\r\n\r\n“{a},” {name} told reporters, “{b}.”", True),
    ("{p}. {name} arrived late. “{a},” she said.", True),
    ("“{a},” said {name}, {p}.", True),
    ("{name} said: “{a}.”", True),
    ("{name} said that {a} would {b}.", False),
]
UNITS = {"codepoint": None, "utf16": "utf-16-le", "utf8": "utf-8"}


def filler(pieces: list[str] = PIECES) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=40).map("".join)


@st.composite
def articles(draw) -> tuple[str, bool]:
    """A text, and whether it must yield a quote."""
    words = st.lists(st.sampled_from(PIECES[:11]), min_size=2, max_size=8).map("".join).filter(str.strip)
    template, sure = draw(st.sampled_from(TEMPLATES))
    content = draw(words) + draw(filler())  # starts with a word: a quote is never only marks
    text = template.format(a=content.strip() or "yes", b=draw(words).strip() or "no",
                           p=draw(filler(PIECES + LINES)), name=draw(st.sampled_from(NAMES)))
    return text, sure


def spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a response that has text, start and end."""
    if isinstance(value, dict):
        if {"text", "start", "end"} <= set(value):
            yield value
        for item in value.values():
            yield from spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans(item)


def sliced(text: str, unit: str, start: int, end: int) -> str:
    codec = UNITS[unit]
    if codec is None:
        return text[start:end]
    width = 2 if unit == "utf16" else 1
    return text.encode(codec)[start * width:end * width].decode(codec)


@pytest.fixture(scope="module")
def client(nlp):
    return create_app(Settings(), nlp=nlp).test_client()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article=articles(), join_split=st.booleans())
def test_every_span_slices_its_text_in_every_unit(client, article, join_split):
    text, sure = article
    seen = {}
    for unit in UNITS:
        r = client.post("/v1/quotes", json={"text": text, "offsets": unit, "join_split": join_split})
        assert r.status_code == 200, r.get_data(as_text=True)
        body = r.get_json()
        assert body["model"]["options"]["offsets"] == unit
        assert body["quotes"] or not sure, f"no quote in {text!r}"
        found = list(spans(body))
        assert len(found) >= 2 * len(body["quotes"])  # each quote and at least its speaker mention or verb
        for span in found:
            assert sliced(text, unit, span["start"], span["end"]) == span["text"], (unit, span, text)
        seen[unit] = [s["text"] for s in found]
    assert seen["utf8"] == seen["utf16"] == seen["codepoint"]  # the same spans, only the unit differs


def test_units_differ_where_the_encodings_do(client):
    text = "🙂 “Ça va,” Zoë said."
    starts = {unit: client.post("/v1/quotes", json={"text": text, "offsets": unit}).get_json()["quotes"][0]["start"]
              for unit in UNITS}
    # before the quote: an emoji (1 code point, 2 UTF-16 units, 4 bytes), a space, a curly mark (3 bytes)
    assert starts == {"codepoint": 3, "utf16": 4, "utf8": 8}


def test_batch_and_plain_text_take_the_unit_too(client):
    text = "Moscow 𝒜\n\n“We are ready,” Dmitry Peskov said."
    batch = client.post("/v1/quotes/batch", json={"documents": [{"text": text}], "offsets": "utf8"}).get_json()
    plain = client.post("/v1/quotes?offsets=utf8", data=text.encode(), content_type="text/plain").get_json()
    for quotes in (batch["results"][0]["quotes"], plain["quotes"]):
        assert [(q["start"], q["end"], q["text"]) for q in quotes] == [(16, 29, "We are ready,")]
