"""Every answer's ``model`` names what decided it: a changed setting, data file or request
gazetteer never changes results silently (README, "model")."""
from __future__ import annotations

import hashlib

import pytest

from service.core.annotate import Annotator
from service.core.config import Settings
from service.core.pipeline import load_pipeline
from service.engine.pipeline import build_pipeline
from service.server.app import create_app

ARTICLE = "“We will not sign,” said Kremlin spokesman Dmitry Peskov. Mara Quill, a trader, said prices rose."


def model_of(client, **body) -> dict:
    response = client.post("/v1/quotes", json={"text": ARTICLE, **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["model"]


@pytest.fixture(scope="module")
def default(nlp):
    return create_app(Settings(), nlp=nlp).test_client()


@pytest.fixture(scope="module")
def gazetteer_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("gazetteer") / "people.yaml"
    path.write_text("- name: Mara Quill\n  role: commodities trader\n  id: cms:42\n", encoding="utf-8")
    return path


def test_the_people_switch_shows_in_model(default):
    settings = Settings(gazetteer_people=False)
    without = create_app(settings, nlp=load_pipeline(settings.spacy_model, gazetteer_people=False)).test_client()
    on, off = model_of(default), model_of(without)
    assert (on["gazetteer"]["people"], off["gazetteer"]["people"]) == (True, False)
    assert on != off and on["data"] == off["data"]  # the same data files, one switch apart


def test_a_gazetteer_file_shows_in_model_by_its_sha256(default, gazetteer_file):
    settings = Settings(gazetteer_path=str(gazetteer_file))
    client = create_app(settings, nlp=load_pipeline(settings.spacy_model, str(gazetteer_file))).test_client()
    given, plain = model_of(client), model_of(default)
    assert given["gazetteer"]["file"] == "sha256:" + hashlib.sha256(gazetteer_file.read_bytes()).hexdigest()
    assert plain["gazetteer"]["file"] is None and given != plain


def test_request_entries_show_in_model_on_both_endpoints(default):
    entries = [{"name": "Mara Quill", "id": "cms:42"}, {"name": "Ivo Brandt"}]
    assert model_of(default)["gazetteer"]["request_entries"] == 0
    assert model_of(default, gazetteer=entries)["gazetteer"]["request_entries"] == 2
    batch = default.post("/v1/quotes/batch", json={"documents": [{"text": ARTICLE}], "gazetteer": entries[:1]})
    assert batch.get_json()["model"]["gazetteer"]["request_entries"] == 1


def test_the_data_digest_follows_the_files_the_engine_reads(nlp, tmp_path):
    """A user word list changes the digest; a pipeline saved and loaded again reports the
    digest of the files it was saved with."""
    words = tmp_path / "words.yaml"
    words.write_text("anonymous_heads: [source, sources]\n", encoding="utf-8")
    base = Annotator(nlp, Settings()).model(Settings().options())["data"]
    other = build_pipeline(Settings().spacy_model, {"words_path": str(words)})
    assert other.get_pipe("quote_attribution").provenance["data"] != base
    nlp.get_pipe("quote_attribution").to_disk(tmp_path / "saved")
    restored = other.get_pipe("quote_attribution").from_disk(tmp_path / "saved")
    assert restored.provenance["data"] not in (base, None) and restored.provenance["file"] is None
