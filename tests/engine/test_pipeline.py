"""build_pipeline(): the one pipeline every caller runs, its results serializable and its data
carried by nlp.to_disk / spacy.load."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc, DocBin

from service.core.annotate import Annotator, Document
from service.core.config import Settings
from service.core.schemas import QuoteSchema
from service.engine import build_pipeline
from tests.conftest import FIXTURES

TEXT = ("Harbour board chair Mara Lindqvist said the new pier would open in May. "
        "“We are ready,” she told reporters.")


def samples() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))]


def plain(quotes) -> list[tuple]:
    return [(q.type, q.start, q.end, q.speaker.name if q.speaker else None, q.speaker.role if q.speaker else None)
            for q in quotes]


def test_nlp_pipe_in_two_processes_gives_the_services_quotes(nlp):
    """The README's recipe, in two processes, answers as POST /v1/quotes does."""
    service = Annotator(nlp, Settings())
    texts = samples()
    built = build_pipeline()
    docs = list(built.pipe(texts, n_process=2))
    for text, doc in zip(texts, docs):
        assert doc.text == text
        assert QuoteSchema(many=True).dump(doc._.quotes) == service.one(Document(text))["quotes"]
    assert sum(len(doc._.quotes) for doc in docs) > 40


def test_results_survive_doc_to_bytes_and_a_docbin(nlp):
    doc = nlp(TEXT)
    assert plain(doc._.quotes) and doc._.speakers
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.quotes == doc._.quotes and again._.speakers == doc._.speakers
    (stored,) = DocBin(store_user_data=True, docs=[doc]).get_docs(nlp.vocab)
    assert list(stored._.quotes) == doc._.quotes  # a DocBin gives the list back as a tuple


def test_a_request_gazetteer_is_used_and_cleared(nlp):
    doc = nlp.make_doc("“We will appeal,” Ilse Varga said.")
    doc._.quote_gazetteer = [{"name": "Ilse Varga", "role": "union negotiator"}]
    doc = nlp(doc)
    assert doc._.quotes[0].speaker.role == "union negotiator"
    assert doc._.quote_gazetteer is None
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes())._.quotes == doc._.quotes


def test_a_saved_pipeline_loads_with_its_tokenizer_steps_and_data(nlp, tmp_path):
    nlp.to_disk(tmp_path)
    assert sorted(p.name for p in (tmp_path / "quote_attribution").iterdir()) == \
        ["cues.yaml", "gazetteer.yaml", "words.yaml"]
    loaded = spacy.load(tmp_path)
    assert loaded.pipe_names == nlp.pipe_names
    assert type(loaded.tokenizer) is type(nlp.tokenizer)
    glued = "The mayor said,“We will rebuild.”"
    assert [t.text for t in loaded(glued)] == [t.text for t in nlp(glued)]
    for text in samples()[:2]:
        assert plain(loaded(text)._.quotes) == plain(nlp(text)._.quotes)


def test_to_disk_and_from_disk_honour_exclude(nlp, tmp_path):
    component = nlp.get_pipe("quote_attribution")
    component.to_disk(tmp_path / "without-words", exclude=["words"])
    assert sorted(p.name for p in (tmp_path / "without-words").iterdir()) == ["cues.yaml", "gazetteer.yaml"]

    extended = build_pipeline(config={"gazetteer_people": False})
    own = extended.get_pipe("quote_attribution")
    own.gazetteer = own.gazetteer_for([{"name": "Ilse Varga", "role": "union negotiator"}])
    own.to_disk(tmp_path / "saved")
    fresh = build_pipeline().get_pipe("quote_attribution")
    fresh.from_disk(tmp_path / "saved", exclude=["gazetteer"])
    assert fresh.gazetteer.lookup("Ilse Varga") is None  # the excluded part is the component's own
    fresh.from_disk(tmp_path / "saved")
    assert fresh.gazetteer.lookup("Ilse Varga").role == "union negotiator"


def test_a_pipeline_without_parser_or_entities_is_refused(tmp_path):
    spacy.blank("en").to_disk(tmp_path)
    try:
        build_pipeline(str(tmp_path))
    except ValueError as exc:
        assert "parser" in str(exc) and "ner" in str(exc)
    else:
        raise AssertionError("a blank pipeline was accepted")
