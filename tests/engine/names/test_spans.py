"""Name spans: a given name the tagger left out, a title inside an organisation's name."""
from tests.conftest import one


def test_a_given_name_the_tagger_left_out_is_still_someone_else(quotes_of):
    # the tagger reads "Svetla Baker" in the first sentence as "Baker" alone
    text = "Svetla Baker, the daughter of Tomas Baker, spoke. Svetla Baker said it was fine."
    assert one(quotes_of(text), "it was fine").speaker.name == "Svetla Baker"


def test_a_title_inside_an_organisation_s_name_does_not_make_a_person(quotes_of):
    text = ("It was under Mr. Lee's watch that the General Council created the fund. He has "
            "championed tenants. And in recent weeks, he said he backed the plan.")
    assert one(quotes_of(text), "backed the plan").speaker.name == "Lee"
