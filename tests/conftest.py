"""Shared fixtures: one loaded pipeline for the whole run (loading takes seconds)."""
from __future__ import annotations

from pathlib import Path

import pytest

from service.core.config import Settings
from service.core.pipeline import load_pipeline

# the seed articles, stored once: the demo page serves the same files as its samples
FIXTURES = Path(__file__).resolve().parent.parent / "service" / "server" / "web" / "samples"


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
