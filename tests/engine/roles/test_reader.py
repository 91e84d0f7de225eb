"""Roles as the article words them: titles, appositions, copulas; never a credit or a dateline."""
from tests.conftest import one


def test_role_from_apposition_and_gazetteer(quotes_of):
    text = "“Talks are possible,” Petra Halvorsen, director of the Nordic Policy Institute, told AFP."
    q = one(quotes_of(text), "Talks are possible")
    assert q.speaker.role == "director of the Nordic Policy Institute"
    q = one(quotes_of("Dmitry Peskov said the summit is on."), "summit is on")
    assert (q.speaker.role, q.speaker.role_source) == ("Kremlin spokesman", "gazetteer")


def test_roles_in_an_apposition_a_later_description_and_a_copula(quotes_of):
    text = ("Jane Doe, spokesperson for the health ministry, spoke on Monday. "
            "“The clinics are open,” the spokesperson said.")
    q = one(quotes_of(text), "clinics are open")
    assert (q.speaker.name, q.speaker.role) == ("Jane Doe", "spokesperson for the health ministry")
    text = "Tom Smithers is the mayor of Springfield. “We are broke,” Smithers said."
    assert one(quotes_of(text), "We are broke").speaker.role == "mayor of Springfield"


def test_datelines_and_photo_credits_are_not_roles(quotes_of):
    text = ("Minister Petra Lind and her counterpart Ole Berg meet in Oslo © NORWEGIAN FOREIGN MINISTRY – Handout\n\n"
            "OSLO, May 2 (Reuters) - Ole Berg said that the talks were useful.")
    q = one(quotes_of(text), "talks were useful")
    # "her counterpart" of a Minister is a Minister: nothing of the credit (©) or the dateline (OSLO)
    assert (q.speaker.name, q.speaker.role, q.speaker.role_source) == ("Ole Berg", "Minister", "relative")


def test_a_place_and_title_before_a_speaker_after_a_quotation_are_their_role(quotes_of):
    text = ("The state police are investigating the crash.\n“I will make you one promise: We will find out "
            "what happened here,” Eastbrook police Chief Ron Fisk said Monday. “I want to reassure our town.”")
    quotes = quotes_of(text)
    assert [(q.speaker.name, q.speaker.role) for q in quotes] == [("Ron Fisk", "Eastbrook police Chief")] * 2
