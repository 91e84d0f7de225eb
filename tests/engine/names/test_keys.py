"""speaker.key: one key for one person or organisation across documents (names.keys), and
the check of it on the seed and worldnews gold (bench/speaker_keys.py) where QUOTES_EVAL_DIR
(default ../shared) has them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import speaker_keys
from service.engine.lexicon.words import Words
from service.engine.names.keys import person_key
from tests.conftest import ROOT

# the evaluation data is outside the repository: QUOTES_EVAL_DIR names it (.ci/run's default: ../shared)
EVALUATION = Path(os.environ.get("QUOTES_EVAL_DIR") or ROOT.parent / "shared")
GOLD = [EVALUATION / "seeds" / "gold.jsonl", EVALUATION / "worldnews" / "train.jsonl"]


def keys(nlp, text: str, gazetteer=None) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.quote_gazetteer = gazetteer
    return {q.speaker.name: q.speaker.key for q in nlp(doc)._.quotes if q.speaker is not None}


def test_one_person_one_key_across_articles_however_named(nlp):
    """Titles, a middle initial, accents and a surname-only second mention do not change it."""
    articles = ["Sen. Ann B. Ortiz said the bill would pass. “We have the votes,” Ortiz added.",
                "“The vote is Tuesday,” said Ann Ortíz, a senator from Ohio.",
                "Senator Ann Ortiz told reporters that the talks had failed."]
    found = [keys(nlp, text) for text in articles]
    assert [set(k.values()) for k in found] == [{"ann ortiz"}] * 3


def test_different_people_different_keys(nlp):
    one = keys(nlp, "Luis Ortiz said the plant would close.")
    other = keys(nlp, "Ann Ortiz said the plant would stay open.")
    assert set(one.values()) == {"luis ortiz"} and set(other.values()) == {"ann ortiz"}


def test_a_gazetteer_id_is_the_key_and_a_surname_alone_has_none(nlp):
    assert set(keys(nlp, "Tomas Varga said prices would rise.", [{"name": "Tomas Varga", "id": "Q123"}]).values()) \
        == {"Q123"}
    assert keys(nlp, "“Prices will rise,” Ortiz said.") == {"Ortiz": None}


def test_organisations_groups_and_unnamed_sources(nlp):
    assert set(keys(nlp, "The Interior Ministry said the border was closed.").values()) == {"interior ministry"}
    assert keys(nlp, "People familiar with the plan said it would be delayed.") == {None: None}
    group = keys(nlp, "Ann Ortiz and Luis Varga said the deal was done.")
    assert list(group.values()) == [None]


@pytest.mark.parametrize("name,key", [("Gov. Mara J. Lind Jr.", "mara lind jr"), ("President Ivo Brandt", "ivo brandt"),
                                      ("Dmytró Kuleba’s", "dmytro kuleba"), ("Mr. Brandt", None)])
def test_person_key_folding(name, key):
    assert person_key(name, Words.load()) == key


@pytest.mark.skipif(not all(p.exists() for p in GOLD), reason=f"no evaluation data at {EVALUATION} (set QUOTES_EVAL_DIR)")
def test_keys_on_the_shared_gold_sets(nlp):
    """Seeds and worldnews train: a speaker quoted in three articles gets one key, articles
    agree on a speaker's key unless they spell the name differently, and no key is given to
    two different gold speakers (bench/speaker_keys.py says how quotes are paired)."""
    report = speaker_keys.check(nlp, speaker_keys.gold_articles(GOLD))
    assert not report.split() and not report.shared(), (report.split(), report.shared())
    in_three = report.across(3)
    assert len(in_three) >= 3 and all(len(keys) == 1 for keys in in_three.values()), in_three
    print("speakers in three articles or more, with their keys:", in_three)
    print("spelled differently by the articles:", report.split(spelled=True))
