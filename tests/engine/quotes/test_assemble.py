"""Quotation marks and candidates put together: direct, mixed, split and continued quotes."""
from tests.conftest import one


def test_direct_quote_with_trailing_cue(quotes_of):
    q = one(quotes_of("“We will not give up,” Dmitry Peskov said on Monday."), "give up")
    assert (q.type, q.speaker.name, q.verb.lemma) == ("direct", "Dmitry Peskov", "say")
    assert q.text == "We will not give up,"


def test_split_quote_gives_two_quotes_with_one_speaker(quotes_of):
    text = "“The talks were useful,” Mara Lindqvist said, “but nothing was agreed.”"
    quotes = quotes_of(text)
    first, second = one(quotes, "useful"), one(quotes, "nothing was agreed")
    assert first.speaker.name == second.speaker.name == "Mara Lindqvist"
    assert second.verb.lemma == "say"


def test_multi_sentence_and_multi_paragraph_quote(quotes_of):
    text = ("Rosa Ferrand said the ministry would answer.\n\n"
            "“We have seen the report. It is false.\n\n"
            "“We will respond in due course,” she said.")
    q = one(quotes_of(text), "We have seen the report")
    assert "respond in due course" in q.text
    assert q.speaker.name == "Rosa Ferrand"


def test_said_in_a_statement_and_mixed(quotes_of):
    q = one(quotes_of("The Kremlin said in a statement that the leaders would sign “important documents.”"),
            "leaders would sign")
    assert (q.type, q.speaker.name) == ("mixed", "Kremlin")


def test_colon_introduced_quote(quotes_of):
    text = "Ines Delgado wrote on Telegram:\n\n“The harbour will not close.”"
    q = one(quotes_of(text), "will not close")
    assert (q.type, q.speaker.name) == ("direct", "Ines Delgado")


def test_quote_without_cue_inherits_the_paragraph_speaker(quotes_of):
    text = "“We are ready,” Wang Wenbin said. “The door is open for all sides to talk.”"
    q = one(quotes_of(text), "door is open")
    assert q.speaker.name == "Wang Wenbin"
    assert q.construction == "continuation" and q.verb.lemma == "say"  # the attribution carries over


def test_a_next_sentence_s_verb_without_words_of_its_own_closes_a_quotation(quotes_of):
    q = one(quotes_of("“We will hold the majority.” Tom Baker said on Monday, adding that polls were good."),
            "hold the majority")
    assert (q.speaker.name, q.verb.text) == ("Tom Baker", "said")
