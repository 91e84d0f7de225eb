"""What the article states about its people away from their quotes: its author, a described
subject."""
from tests.conftest import one


def test_an_opinion_piece_speaks_through_its_author(quotes_of):
    text = ("I grew up in a small town.\n\nLater I said that nothing would change.\n\n"
            "“It will,” my neighbour said.\n\nCharlotte Roe is writer-in-residence at Eastbrook College.")
    quotes = quotes_of(text)
    mine = one(quotes, "nothing would change")
    assert (mine.speaker.name, mine.speaker.resolution) == ("Charlotte Roe", "coreference")
    assert mine.speaker.role.startswith("writer-in-residence")
    assert one(quotes, "It will").speaker.name is None  # someone else's "I" stays theirs


def test_a_description_owning_the_subject_is_a_mention_for_a_later_pronoun(quotes_of):
    text = ("President Alan Moss read widely about the climate.\n\nJonas Brandt, one of the president's "
            "aides, recalled Mr. Moss reading the book.\n\nThe president's roots also came into play. "
            "In Eastbrook, he told leaders that the coast was at risk.")
    assert one(quotes_of(text), "coast was at risk").speaker.name == "Alan Moss"
