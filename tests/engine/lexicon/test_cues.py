"""The cue lexicon: which words are cues, where the tagger gets them wrong too."""
from tests.conftest import one


def test_closing_cue_the_tagger_reads_as_a_noun(quotes_of):
    text = "Felix Brandt has backed Mara Lindqvist.\n\n“The harbour plan is dead,” Brandt notes."
    q = one(quotes_of(text), "harbour plan is dead")
    assert (q.type, q.speaker.name, q.verb.text) == ("direct", "Felix Brandt", "notes")
