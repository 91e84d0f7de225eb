"""Reporting verbs: the cue's words (auxiliaries, particles), relative clauses around it, a reporting
tail after the sentence it reports."""
from tests.conftest import one


def test_continued_and_pointed_out_after_a_quotation(quotes_of):
    text = ("“It is a sign of frustration,” Tomas Baker said.\n\n"
            "“Much of it is deserved,” he continued.\n\n"
            "“Voters reject the old parties,” he points out.")
    quotes = quotes_of(text)
    assert one(quotes, "deserved").verb.lemma == "continue"
    pointed = one(quotes, "reject the old parties")
    assert (pointed.verb.lemma, pointed.speaker.name) == ("point out", "Tomas Baker")


def test_relative_clause_around_the_cue(quotes_of):
    text = ("Tomas Baker spoke in Ohio. He wants a bridge over the river, "
            "which he said the state government should pay for.")
    q = one(quotes_of(text), "state government")
    assert (q.text, q.speaker.name, q.verb.lemma) == ("the state government should pay for", "Tomas Baker", "say")


def test_phrasal_cues_need_their_particle(quotes_of):
    text = ("“They came for the free food,” Felix Aalto shot back with a laugh.\n\n"
            "“Well, these things happen, right?” Tomas Baker went on.\n\n"
            "“We won,” the crowd chanted. Baker went to Ohio.")
    quotes = quotes_of(text)
    assert one(quotes, "free food").verb.lemma == "shoot back"
    assert (one(quotes, "things happen").verb.lemma, one(quotes, "things happen").speaker.name) == ("go on", "Tomas Baker")
    assert all(q.verb is None or q.verb.lemma != "go" for q in quotes)


def test_perfect_and_auxiliary_forms_of_the_cue(quotes_of):
    q = one(quotes_of("Mayor Ann Roe has said that “the bridge will reopen.”"), "bridge will reopen")
    assert (q.speaker.name, q.verb.text, q.verb.lemma) == ("Ann Roe", "has said", "say")


def test_the_outlet_reporting_a_statement_does_not_take_it_over(quotes_of):
    quotes = quotes_of("Jan Novak said the plan was ready, Reuters reported.")
    (inner,) = [q for q in quotes if q.text == "the plan was ready"]
    assert (inner.speaker.name, inner.verb.lemma) == ("Jan Novak", "say")
    outer = one(quotes, "Novak said the plan was ready")
    assert (outer.speaker.name, outer.verb.lemma) == ("Reuters", "report")
