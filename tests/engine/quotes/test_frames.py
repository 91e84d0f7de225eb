"""Frames: the content each kind of cue takes (a clause, an object, what something is called)."""
import pytest

from tests.conftest import one


def test_indirect_that_clause_and_pronoun(quotes_of):
    text = ("Viktor Halden met Tomas Baker in Moscow. He said that relations with China are strong. "
            "He added that the West opposes this.")
    quotes = quotes_of(text)
    q = one(quotes, "relations with China are strong")
    assert (q.type, q.speaker.name, q.speaker.resolution, q.verb.lemma) == (
        "indirect", "Viktor Halden", "coreference", "say")
    assert one(quotes, "the West opposes this").speaker.name == "Viktor Halden"


def test_told_someone_that(quotes_of):
    q = one(quotes_of("Tomas Baker told Dmytro Kuleba that China wants peace talks."), "China wants peace")
    assert (q.speaker.name, q.verb.lemma) == ("Tomas Baker", "tell")


def test_called_x_y_is_a_quote(quotes_of):
    q = one(quotes_of("Mara Lindqvist called Tomas Baker “reckless.”"), "reckless")
    assert (q.speaker.name, q.verb.lemma, q.type, q.construction) == ("Mara Lindqvist", "call", "mixed", "predicate")


def test_praise_and_criticize_take_their_object(quotes_of):
    q = one(quotes_of("Mara Lindqvist criticized the council’s parking policy."), "parking policy")
    assert (q.speaker.name, q.verb.lemma) == ("Mara Lindqvist", "criticize")


@pytest.mark.parametrize("text, content", [
    ("Critics went further, with Rosa Ferrand calling Baker a coward.", "Baker a coward"),
    ("Jonas Brandt called her “second-rate” and left.", "her “second-rate”"),
    ("Mara Lindqvist called to ban the practice at once.", "to ban the practice at once"),
])
def test_call_predicates_the_parser_folds(quotes_of, text, content):
    q = one(quotes_of(text), content)
    assert (q.text, q.verb.lemma) == (content, "call")


def test_call_as_a_name_is_no_quote(quotes_of):
    for text in ("A celebratory event was held called Soup and Strategy.",
                 "Xinhua gave details of what the newspaper called a plan to advance talks."):
        quotes = quotes_of(f"{text} Mara Lindqvist called the plan “a bold gamble.”")
        assert [q.text for q in quotes] == ["the plan “a bold gamble.”"]  # the naming call is no quote


def test_called_object_with_quoted_apposition(quotes_of):
    q = one(quotes_of("Ana Ruiz called the governor’s order “a reckless power grab.”"), "reckless power grab")
    assert (q.construction, q.speaker.name) == ("predicate", "Ana Ruiz")


def test_a_reporting_verb_coordinated_into_the_reported_clause_reports_with_its_verb(quotes_of):
    text = ("Party spokesman Dan Pruitt on Friday night said the coalition was not falling apart, "
            "and urged that members stay calm and wait.")
    quotes = quotes_of(text)
    said, urged = one(quotes, "not falling apart"), one(quotes, "stay calm")
    assert (said.speaker.name, urged.speaker.name, urged.verb.text) == ("Dan Pruitt", "Dan Pruitt", "urged")
    assert "urged" not in said.text  # the reported clause stops before the second reporting verb


def test_a_clause_runs_on_through_a_coordinated_verb_that_reports_nothing(quotes_of):
    q = one(quotes_of("Ann Cole said the company grew quickly and added 200 jobs last year."), "grew quickly")
    assert q.text == "the company grew quickly and added 200 jobs last year"
