"""Quotations no cue claimed: names of things, colon introductions, words quoted in a verb's
phrase, a quotation that ends its sentence."""
from tests.conftest import one


def test_scare_quotes_are_not_quotes(quotes_of):
    quotes = quotes_of("Norway is hosting the “Blue Harbour Plan” forum this week. “We are ready,” Dmitry Peskov said.")
    assert [q.text for q in quotes] == ["We are ready,"]  # the quotation beside it is found


def test_colon_after_any_verb_with_a_subject(quotes_of):
    text = "Mara Lindqvist turned to the crowd:\n\n“The figures in this budget show why people distrust the council.”"
    q = one(quotes_of(text), "figures in this budget")
    assert (q.speaker.name, q.verb.text, q.construction) == ("Mara Lindqvist", "turned", "colon")  # no cue verb


def test_quotation_embedded_in_a_cue_phrase(quotes_of):
    text = "In a later speech, Ana Ruiz warned of the cost of what she called “merchants of gloom” everywhere."
    q = one(quotes_of(text), "merchants of gloom")
    assert (q.speaker.name, q.construction) == ("Ana Ruiz", "embedded")


def test_words_quoted_in_the_phrase_of_a_sentence_s_verb_are_its_subject_s(quotes_of):
    text = ("Senate leader Tom Hale, in particular, has been steadily attacking Bart Lowe as a “failed manager” "
            "in speeches. Hale's aides launched the “Fair Deal Now” campaign.")
    quotes = quotes_of(text)
    q = one(quotes, "failed manager")
    assert (q.speaker.name, q.verb.text, q.construction) == ("Tom Hale", "attacking", "embedded")
    assert not [q for q in quotes if "Fair Deal" in q.text]  # the name of a thing is no one's words


def test_a_quotation_that_ends_its_sentence_does_not_take_the_next_sentence_s_cue(quotes_of):
    text = "Ecuador branded its neighbour a \"rogue state in the region.\" Peru insisted that Lima \"will not bow.\""
    quotes = quotes_of(text)
    assert one(quotes, "rogue state").speaker.name == "Ecuador"
    assert one(quotes, "will not bow").speaker.name == "Peru"


def test_a_quoted_sentence_is_not_the_name_of_a_thing(quotes_of):
    text = "“We won the vote,” Tom Baker said. “Never. Not Once.”"
    assert one(quotes_of(text), "Never. Not Once").speaker.name == "Tom Baker"
