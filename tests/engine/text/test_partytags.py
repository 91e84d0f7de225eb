"""US party-and-state tags: one token before the parser runs, never a speaker, offsets kept."""
import pytest


@pytest.mark.parametrize("text, speakers", [
    ("Senators Ann Cole, R-Ohio, and Ben Hart, D-N.Y., criticized the deal on Monday, saying it was rushed.",
     "Ann Cole and Ben Hart"),
    ("“It is a bad bill,” said Sen. Ann Cole, R-Texas.", "Ann Cole"),
    ("Rep. Ben Hart (D-Virginia Beach) said the bill was rushed.", "Ben Hart"),
])
def test_party_and_state_tags_are_not_speakers(quotes_of, text, speakers):
    quotes = quotes_of(text)
    assert quotes and all(q.speaker.name == speakers for q in quotes)
    assert all("-" not in q.speaker.mention.text for q in quotes)


def test_party_tag_merge_keeps_offsets(nlp):
    text = "Sen. Ann Cole (R-Ohio) and Rep. Ben Hart, D-N.Y., spoke."
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc if "-" in t.text] == ["R-Ohio", "D-N.Y."]
