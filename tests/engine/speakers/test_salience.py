"""Salience: which person "he" or "she" is."""
from tests.conftest import one


def test_he_after_an_introduction_is_the_person_just_introduced(quotes_of):
    text = ("“We will win this state,” Senator Paul Grant said on Monday.\n\n"
            "The rally was organised by Tom Field, a farmer from Dayton who backs the senator.\n\n"
            "“I have never seen a crowd like this,” he said.")
    assert one(quotes_of(text), "never seen a crowd").speaker.name == "Tom Field"


def test_a_long_quotation_does_not_push_its_introduction_out_of_reach(quotes_of):
    # the sentences inside the quotation are not narrative: the name inside it is not the "he"
    text = ("The rally was held in Dayton.\n\nThe caucus is led by Henry Vale, president of the Dade "
            "Farmers Union.\n\n“No one writes songs for the mayor. Tomas Baker had a band. The mayor has "
            "nobody of the kind,” he said.")
    assert one(quotes_of(text), "No one writes songs").speaker.name == "Henry Vale"


def test_he_is_a_new_subject_before_the_last_speaker_named_as_an_object(quotes_of):
    text = ("“We will win,” Tom Baker concluded.\n\nDan Lutz at the Harbor Review agreed with Baker "
            "about the winner.\n\n“It was a rout, and the challenger never recovered,” he wrote.")
    q = one(quotes_of(text), "It was a rout")
    assert (q.speaker.name, q.speaker.role) == ("Dan Lutz", None)  # "the challenger" is his words' subject


def test_he_prefers_the_sentence_s_subject_to_the_subject_of_a_clause_inside_it(quotes_of):
    text = ("“The bill will pass,” Senate leader Mitch Hale said Tuesday.\n\nHouse Speaker Carl "
            "Dunn, despite his doubts, is sure Hale is right about the vote.\n\n“I do think we have the "
            "numbers,” he said.")
    assert one(quotes_of(text), "we have the numbers").speaker.name == "Carl Dunn"


def test_a_parenthetical_she_said_does_not_refer_to_the_name_it_interrupts(quotes_of):
    text = "Mrs. Ross echoed the criticism. Ms. Kerr, she said, ''exposes him as a fraud.''"
    assert one(quotes_of(text), "exposes him").speaker.name == "Ross"
