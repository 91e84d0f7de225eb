"""The engine's tokenizer: the exact text back, long runs of symbols as few tokens, quotation marks
glued to a word split off."""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.text.tokens import RunSafeTokenizer
from tests.conftest import one

PIECES = ["=", "(", ")", " ", "a", "\n", "🙂", "“", "  ", ".", "Word", "=" * 70, "!" * 65, "\r\n", "\u0301"]


def test_text_without_long_runs_is_tokenized_as_spacy_does(nlp):
    text = "“We are ready,” Dmitry Peskov said (on Monday) -- and left... 🙂"
    safe = RunSafeTokenizer(nlp.tokenizer.tokenizer)
    assert [t.text for t in safe(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]


def test_a_long_run_of_symbols_is_a_few_tokens(nlp):
    doc = nlp.make_doc("Before " + "=" * 50_000 + " after")
    assert doc.text == "Before " + "=" * 50_000 + " after"
    assert len(doc) < 1_000 and doc[-1].text == "after"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_the_text_comes_back_exactly(nlp, pieces):
    text = "".join(pieces)
    assert nlp.make_doc(text).text == text


def test_quotation_glued_to_its_cue(quotes_of):
    q = one(quotes_of("Ana Ruiz said,“Nobody believes this.”"), "Nobody believes this")
    assert (q.speaker.name, q.verb.lemma) == ("Ana Ruiz", "say")
