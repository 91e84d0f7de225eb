"""One entity per person: surnames, spelling variants, courtesy titles."""
from tests.conftest import one


def test_surname_and_spelling_variant_resolve_to_canonical_name(quotes_of):
    text = ("Ukrainian Foreign Minister Dmitro Kuleba arrived on Monday. "
            "Kuleba said that the talks were frank.")
    q = one(quotes_of(text), "talks were frank")
    assert (q.speaker.name, q.speaker.resolution) == ("Dmytro Kuleba", "alias")
    assert q.speaker.role == "Ukrainian Foreign Minister"
    assert q.speaker.role_source == "text"


def test_a_surname_in_a_closing_cue_is_the_person_named_before_with_their_role(quotes_of):
    text = ("Interior Minister Jan Novak visited the border on Monday.\n\n"
            "“We will not give up,” added Novak. “The fence stays,” Novak assured.")
    for fragment in ("We will not give up", "The fence stays"):
        q = one(quotes_of(text), fragment)
        assert (q.speaker.name, q.speaker.role, q.speaker.role_source, q.speaker.resolution) == (
            "Jan Novak", "Interior Minister", "text", "alias")


def test_a_misspelt_first_mention_and_the_usual_spelling_are_one_speaker(quotes_of):
    text = ("Opposition leader Andrei Volkof arrived late. Andrei Volkov said the vote was rigged. "
            "“We will appeal,” Volkov said.")
    quotes = quotes_of(text)
    assert {q.speaker.name for q in quotes} == {"Andrei Volkof"}  # the article's first, fullest form
    assert {q.speaker.role for q in quotes} == {"Opposition leader"}


def test_a_courtesy_title_tells_two_people_of_one_surname_apart(quotes_of):
    text = ("Mara Lindqvist and Tomas Lindqvist arrived together. "
            "“We won,” Mrs. Lindqvist said. “It was close,” Mr. Lindqvist said.")
    quotes = quotes_of(text)
    assert one(quotes, "We won").speaker.name == "Mara Lindqvist"
    assert one(quotes, "It was close").speaker.name == "Tomas Lindqvist"
