"""Descriptions: which named entity "the senator", "a spokesman" or "the poll" stands for."""
import pytest

from tests.conftest import one


def test_role_noun_resolves_to_the_right_person(quotes_of):
    text = ("Chinese Foreign Minister Li Wen met Ukrainian Foreign Minister Dmytro Kuleba. "
            "The Ukrainian foreign minister said that the meeting was useful.")
    q = one(quotes_of(text), "meeting was useful")
    assert (q.speaker.name, q.speaker.resolution) == ("Dmytro Kuleba", "coreference")


def test_role_noun_looks_forward_only_past_its_own_sentence(quotes_of):
    own = one(quotes_of("The senator said Mara Lindqvist would win the primary."), "Mara Lindqvist would win")
    assert (own.speaker.name, own.speaker.description) == (None, "senator")
    later = one(quotes_of("The senator said on Monday that the plan would fail. Mara Lindqvist later agreed."),
                "the plan would fail")
    assert later.speaker.name == "Mara Lindqvist"


@pytest.mark.parametrize("intro, description", [
    ("Sen. Ann Hart, R-Wis.,", "the Wisconsin Republican"),
    ("Rep. Ann Hart (D-Calif.)", "the California congresswoman"),
    ("Senator Ann Hart of Florida", "the Florida senator"),
    ("Representative Ann Hart, Democrat of Ohio,", "the Ohio lawmaker"),
])
def test_descriptions_by_state_and_party(quotes_of, intro, description):
    text = f"{intro} spoke on Monday. The committee met for hours. “This is a disgrace,” {description} said."
    q = one(quotes_of(text), "disgrace")
    assert q.speaker.name == "Ann Hart"


def test_description_by_another_state_is_not_the_person(quotes_of):
    text = "Senator Ann Hart of Florida spoke on Monday. The committee met. “This is a disgrace,” the Texas senator said."
    q = one(quotes_of(text), "disgrace")
    assert q.speaker.name is None


def test_a_statement_noun_stands_for_whoever_issued_that_one(quotes_of):
    text = ("Governor Ann Roe spoke on Monday. A new Harbor Times poll was released on Tuesday. "
            "The poll found that most voters distrust the legislature. Polls show that turnout will be low.")
    quotes = quotes_of(text)
    assert one(quotes, "most voters distrust").speaker.name == "Harbor Times"  # not the last speaker
    assert one(quotes, "turnout will be low").speaker.name is None  # polls in general: no one


def test_an_indefinite_description_is_someone_new_not_a_person_named_before(quotes_of):
    text = ("Ann Cole spoke on Monday. In addition, the campaign intends to publish her full tax returns "
            "next week, a spokesman said on Tuesday. But Cole faces questions.")
    q = one(quotes_of(text), "publish her full tax returns")
    assert (q.speaker.name, q.speaker.role) == (None, "spokesman")


def test_a_headline_s_poll_is_the_poll_the_article_goes_on_to_name(quotes_of):
    text = ("Poll: Older Voters Turn On the Mayor.\n\nA new Harbor Times poll shows that voters over 65 "
            "have turned on the mayor.")
    q = one(quotes_of(text), "Older Voters Turn On")
    assert (q.speaker.name, q.speaker.resolution) == ("Harbor Times", "coreference")
