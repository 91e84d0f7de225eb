"""Speakers from mentions: groups, campaigns, spokespeople, a full name the tagger missed."""
import pytest

from tests.conftest import one


def test_a_spokeswoman_speaks_for_the_minister_but_is_not_the_minister(quotes_of):
    q = one(quotes_of("A spokeswoman for Interior Minister Jan Novak said the plan was ready."), "plan was ready")
    assert q.speaker.name is None and q.speaker.description.startswith("spokeswoman for")


def test_speakers_named_together_speak_as_a_group(quotes_of):
    q = one(quotes_of("Senators Mara Lindqvist and Tomas Baker said the deal was bad."), "deal was bad")
    assert (q.speaker.name, q.speaker.kind) == ("Mara Lindqvist and Tomas Baker", "group")


def test_a_name_and_unnamed_others_are_no_one_speaker(quotes_of):
    q = one(quotes_of("The Daily Ledger and five other papers said the mayor should resign."), "should resign")
    assert (q.speaker.name, q.speaker.resolution) == (None, "unresolved")


def test_a_person_s_campaign_is_an_organisation_of_their_name(quotes_of):
    text = "Mara Lindqvist spoke in Ohio. Her campaign said the poll was wrong."
    assert one(quotes_of(text), "poll was wrong").speaker.name == "Lindqvist campaign"


def test_a_full_name_the_tagger_missed_is_not_someone_of_that_surname(quotes_of):
    # the tagger reads "Ilka Cole" as a product, not a person: still not the "Cole" named before
    text = ("Tomas Cole spoke on Monday. In a Harbour Times essay last week, Ilka Cole "
            "acknowledged their difficult task.")
    assert one(quotes_of(text), "difficult task").speaker.name == "Ilka Cole"


def test_three_speakers_named_together_are_one_group(quotes_of):
    q = one(quotes_of("Senators Ann Cole, Bob Marsh and Carl Dunn said the bill was dead."), "bill was dead")
    assert (q.speaker.name, q.speaker.kind) == ("Ann Cole, Bob Marsh and Carl Dunn", "group")


@pytest.mark.parametrize("names", [  # names on which the parser splits the list in each of its ways
    ("Mara Lindqvist", "Ruth Okonjo", "Tomas Baker"),  # "all" the verb's subject, the rest under it
    ("Mara Lindqvist", "Tomas Baker", "Jonas Brandt"),  # the second and third an apposition of the first
    ("Mara Lindqvist", "Jonas Brandt", "Petra Halvorsen"),  # "all" an apposition, the rest under it
    ("Mara Lindqvist", "Carl Rourke", "Petra Halvorsen")])  # coordinated
def test_names_listed_before_a_floating_all_speak_together(quotes_of, names):
    a, b, c = names
    text = (f"Sens. {a} (D-Ore.), {b} (D-Ohio) and {c} (D-N.J.) all suggested the records could "
            "be grounds for a criminal inquiry into the director himself.")
    q = one(quotes_of(text), "grounds for a criminal inquiry")
    assert (q.speaker.name, q.speaker.kind) == (f"{a}, {b} and {c}", "group")
