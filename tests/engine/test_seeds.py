"""The five seed articles: each named speaker's quotes, one by one.

Each row: (article, a fragment of the quote's content, canonical speaker, role the
article gives, reporting verb lemma, quote type).
"""
import pytest

from service.core.config import Settings
from service.core.pipeline import load_pipeline
from tests.conftest import seed

ROWS = [
    # 000: Peskov, Patrushev and his "He added" quotes, the Wall Street Journal, Zelensky
    ("000", "he did not rule out a meeting", "Dmitry Peskov", "Kremlin spokesman", "say", "indirect"),
    ("000", "his country will continue to strengthen", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "announce", "indirect"),
    ("000", "relations with China are of intrinsic value", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "say", "indirect"),
    ("000", "the world is changing", "Nikolai Patrushev", "Secretary of the Russian Security Council", "add",
     "indirect"),
    ("000", "projects beneficial to an exceptionally narrow", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "explain", "indirect"),
    ("000", "the United States and its allies are trying", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "note", "indirect"),
    ("000", "all this is being done against Russia", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "add", "indirect"),
    ("000", "stands in solidarity with the Chinese position", "Nikolai Patrushev",
     "Secretary of the Russian Security Council", "confirm", "indirect"),
    ("000", "preparations for the visit are at an early stage", "American Wall Street Journal",
     "American newspaper", "say", "indirect"),
    ("000", "his fears of a third world war", "Volodymyr Zelensky", "Ukrainian President", "express", "indirect"),
    # 001: Wang Wenbin, Qin Gang, Kuleba ("his Ukrainian counterpart"), the Kremlin
    ("001", "the visit as “a peace visit,”", "Wang Wenbin", "Foreign Affairs spokesman", "describe", "mixed"),
    ("001", "Beijing will maintain its objective", "Wang Wenbin", "Foreign Affairs spokesman", "add", "indirect"),
    ("001", "President Xi’s visit will promote", "Wang Wenbin", "Foreign Affairs spokesman", "note", "indirect"),
    ("001", "China will help to resolve the crisis", "Qin Gang", "Foreign Minister", "assure", "indirect"),
    # the article spells him "Dmitro Kuleba"; the gazetteer knows the usual spelling
    ("001", "China’s indispensable role", ("Dmytro Kuleba", "Dmitro Kuleba"), "Ukrainian Foreign Minister",
     "acknowledge", "indirect"),
    ("001", "the two leaders will focus", "Kremlin", None, "indicate", "indirect"),
    # 002: Qin Gang (described, then named), Kuleba (gazetteer role), Putin, the Kremlin
    ("002", "Beijing is concerned about the year-old", "Qin Gang", "China's foreign minister", "say", "indirect"),
    ("002", "always upheld an objective and fair stance", "Qin Gang", "China's foreign minister", "tell", "mixed"),
    ("002", "he and Qin “discussed", "Dmytro Kuleba", "Ukrainian Foreign Minister", "tweet", "mixed"),
    ("002", "I underscored the importance", "Dmytro Kuleba", "Ukrainian Foreign Minister", "write", "direct"),
    ("002", "could “demonstrate to the whole world", "Vladimir Putin", None, "say", "mixed"),
    ("002", "The two leaders will also sign", "Kremlin", None, "read", "mixed"),
    # 003: Wang Wenbin ("Wenbin said"), Qin Gang, Kuleba ("the Ukrainian foreign minister")
    ("003", "will have an in-depth exchange", "Wang Wenbin", "Chinese Ministry of Foreign Affairs spokesperson",
     "confirm", "mixed"),
    ("003", "Currently, the world is entering", "Wang Wenbin", "Chinese Ministry of Foreign Affairs spokesperson",
     "say", "direct"),
    ("003", "always upheld an objective and fair stance", "Qin Gang", "Chinese Foreign Minister", "stress", "mixed"),
    ("003", "I underscored the importance", "Dmytro Kuleba", "Ukrainian Foreign Minister", "state", "direct"),
    # 004: Gabuev ("he insists"), Lavrov, Wang Yi ("his counterpart"), Putin, Xinhua, CCTV
    ("004", "Russia is aware that China", "Alexander Gabuev", "director of the Carnegie Russia Eurasia Center",
     "tell", "direct"),
    ("004", "It’s China that holds all the cards", "Alexander Gabuev",
     "director of the Carnegie Russia Eurasia Center", "insist", "direct"),
    ("004", "main guest", "Sergei Lavrov", "Russian Foreign Minister", "thank", "mixed"),
    ("004", "China “appreciates” Russian support", "Wang Yi", "Chinese Foreign Minister", "say", "mixed"),
    ("004", "President Xi Jinping calls me his friend", "Vladimir Putin", "Russian President", "say", "direct"),
    ("004", "Xi Jinping met with Kazakh", "Xinhua", "official news agency", "say", "indirect"),
    ("004", "he would push for a ceasefire", "CCTV", "state television", "say", "indirect"),
]


@pytest.fixture(scope="module")
def text_only():
    """The pipeline without the built-in gazetteer's people: speakers from the text alone."""
    return load_pipeline(Settings().spacy_model, gazetteer_people=False)


@pytest.fixture(scope="module", params=["built-in people", "text only"])
def seed_quotes(request, nlp, text_only):
    """Every seed's quotes, with the built-in people and without them: the seeds' speakers and
    roles come out right from the text alone."""
    pipeline = nlp if request.param == "built-in people" else text_only
    return {name: pipeline(seed(name))._.quotes for name in ("000", "001", "002", "003", "004")}


@pytest.mark.parametrize("article,fragment,speaker,role,lemma,kind", ROWS,
                         ids=[f"{r[0]}-{r[2] if isinstance(r[2], str) else r[2][0]}-{r[1][:24]}" for r in ROWS])
def test_seed_quote(seed_quotes, article, fragment, speaker, role, lemma, kind):
    matches = [q for q in seed_quotes[article] if fragment in q.text]
    assert matches, f"quote {fragment!r} not found"
    quote = min(matches, key=lambda q: len(q.text))  # the innermost quote holding the fragment
    assert quote.speaker is not None and quote.speaker.name in (speaker if isinstance(speaker, tuple) else (speaker,))
    if role is not None:  # as worded: "his Ukrainian counterpart" of a "foreign minister" is lower-case
        assert quote.speaker.role.lower() == role.lower()
    assert quote.verb is not None and quote.verb.lemma == lemma
    assert quote.type == kind


def test_unnamed_sources_keep_a_description(seed_quotes):
    q = next(q for q in seed_quotes["000"] if "Xi's meeting with Putin" in q.text)
    assert q.speaker.name is None
    assert q.speaker.description == "people familiar with the visit program"
    q = next(q for q in seed_quotes["000"] if "spreading false information" in q.text)
    assert q.speaker.name is None and q.speaker.role == "Chinese Foreign Ministry spokesman"


def test_scare_quotes_in_seeds_are_not_quotes(seed_quotes):
    texts = [q.text for q in seed_quotes["000"] + seed_quotes["004"]]
    assert "special military operation" not in texts
    assert not any(t.strip("“”\" ") in ("New Silk Roads", "deportation", "The Belt and Road") for t in texts)


def test_seed_offsets_are_exact(seed_quotes):
    for name, quotes in seed_quotes.items():
        text = seed(name)
        for q in quotes:
            assert text[q.start:q.end] == q.text
