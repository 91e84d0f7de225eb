"""Shared fixtures: one loaded pipeline for the whole run (loading takes seconds)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from service.core.config import Settings
from service.core.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parent.parent  # the repository
# the seed articles, stored once: the demo page serves the same files as its samples
FIXTURES = ROOT / "service" / "server" / "web" / "samples"
# the Python client package (clients/python), as this checkout has it, whether or not it is
# installed (.ci/run installs it; tests/test_client_package.py installs it alone in a venv)
sys.path.insert(0, str(ROOT / "clients" / "python"))


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="session")
def quotes_of(nlp):
    """text -> list of Quote, through the full pipeline."""
    def run(text: str):
        return nlp(text)._.quotes
    return run


def one(quotes, fragment: str):
    """The first quote whose text holds ``fragment`` (failing with the texts there are)."""
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote with {fragment!r}: {[q.text for q in quotes]}"
    return found[0]


def seed(name: str) -> str:
    return next(FIXTURES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def parsed_doc(nlp: Language, rows: list[tuple]) -> Doc:
    """A document with a parse written out, one row per token: (word, pos, tag, dep, head index,
    entity IOB tag = "O", space after = True). For rules that exist for a parse the model gives
    only now and then: the test holds whatever the model does with any one sentence."""
    rows = [tuple(row) + ("O", True)[len(row) - 5:] for row in rows]
    return Doc(nlp.vocab, words=[r[0] for r in rows], spaces=[r[6] for r in rows], pos=[r[1] for r in rows],
               tags=[r[2] for r in rows], deps=[r[3] for r in rows], heads=[r[4] for r in rows],
               ents=[r[5] for r in rows])


def attributed(nlp: Language, doc: Doc) -> Doc:
    """``doc`` through the pipeline's own steps after the parser (paragraphs, then quote attribution)."""
    return nlp.get_pipe("quote_attribution")(nlp.get_pipe("quote_paragraphs")(doc))
