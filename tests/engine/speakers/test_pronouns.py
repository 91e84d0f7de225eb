"""Pronouns: "they" for the people last named together."""
from tests.conftest import one


def test_they_is_whoever_the_last_plural_subject_names(quotes_of):
    text = ("Senators Mara Lindqvist and Tomas Baker met on Monday. “We will not give in,” they said.\n\n"
            "Party officials said the count would start at noon. An hour later they reversed themselves "
            "and said they would wait.")
    quotes = quotes_of(text)
    assert one(quotes, "not give in").speaker.name == "Mara Lindqvist and Tomas Baker"
    unnamed = one(quotes, "would wait").speaker
    assert (unnamed.name, unnamed.resolution) == (None, "unresolved")  # officials the article never names
