"""Whose cue it is: the verb's subject, and the one the parser hangs in the wrong place."""
from tests.conftest import one


def test_quoted_as_saying(quotes_of):
    q = one(quotes_of("The newspaper quoted officials as saying that the plan was ready."), "plan was ready")
    assert q.speaker.name is None
    assert q.speaker.description == "officials"
    assert q.speaker.mention.text == "officials"


def test_participial_adding_that_takes_the_main_subject(quotes_of):
    q = one(quotes_of("Dmitry Peskov said the talks went well, adding that a new round is planned."),
            "new round is planned")
    assert (q.speaker.name, q.verb.lemma) == ("Dmitry Peskov", "add")


def test_subject_of_likely_to_say_and_before_clarifying(quotes_of):
    text = ("Rural voters are more likely to say that Lindqvist represents their views. "
            "Tomas Baker praised Lindqvist, before clarifying that he himself was the best candidate.")
    quotes = quotes_of(text)
    assert one(quotes, "Lindqvist represents their views").speaker.mention.text == "Rural voters"
    assert one(quotes, "he himself was the best candidate").speaker.name == "Tomas Baker"


def test_speaker_after_an_inverted_cue_is_not_the_quoted_word(quotes_of):
    q = one(quotes_of("“Nonsense,” wrote a reader who signs her letters Jane Harlow."), "Nonsense")
    assert q.speaker.mention.text == "a reader"


def test_passive_then_coordinated_verb_takes_the_passive_subject(quotes_of):
    q = one(quotes_of("Maria Lopez was introduced by Governor Tom Reed and joked, “I brought my own chair.”"),
            "own chair")
    assert q.speaker.name == "Maria Lopez"


def test_coordinated_participle_belongs_to_the_participle_before_it(quotes_of):
    text = ("Ana Ruiz defended the plan on Friday, saying that the budget was sound but was blocked by "
            "rival senators - and arguing that she and her allies agreed on most points.")
    q = one(quotes_of(text), "her allies agreed")
    assert q.speaker.name == "Ana Ruiz"


def test_participle_after_comma_is_not_given_a_later_clause_subject(quotes_of):
    text = "Jorge Diaz stepped up his attacks on Monday, saying the mayor is “weak on crime, you know that.”"
    q = one(quotes_of(text), "the mayor is")
    assert q.speaker.name == "Jorge Diaz"


def test_as_x_put_it(quotes_of):
    text = "As Tom Reed, a former governor, put it: “The old rules are gone.”"
    q = one(quotes_of(text), "old rules are gone")
    assert (q.speaker.name, q.verb.lemma) == ("Tom Reed", "put it")


def test_who_refers_to_the_people_not_the_place_the_clause_was_hung_on(quotes_of):
    text = ("The change is likely to calm anxious Democrats on Beacon Hill, who have argued that it "
            "helps local candidates.")
    q = one(quotes_of(text), "helps local candidates")
    assert q.speaker.name is None and "Democrats" in q.speaker.mention.text  # unnamed Democrats, not a place
