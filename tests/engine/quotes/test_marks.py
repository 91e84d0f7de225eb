"""Quotation-mark pairing on raw text."""
from service.engine.quotes.marks import find_quotes


def inner(text):
    return [text[q.inner_start:q.inner_end] for q in find_quotes(text)]


def test_curly_straight_guillemets_and_german_marks():
    text = ('He said “one two.” She said "three four." They said « five six ». '
            'Er sagte „sieben acht“.')
    assert inner(text) == ["one two.", "three four.", " five six ", "sieben acht"]


def test_single_quotes_are_quotes_but_apostrophes_are_not():
    text = "Baker's aide said 'we will win' and the players' union didn't agree."
    assert inner(text) == ["we will win"]


def test_nested_quotes_belong_to_the_outer_quote():
    text = '“He told me ‘never’ twice,” she said.'
    assert inner(text) == ["He told me ‘never’ twice,"]


def test_multi_paragraph_quote_continues_when_next_paragraph_opens_with_a_mark():
    text = "“First paragraph of the quote.\n\n“Second paragraph,” he said.\n\nNot quoted."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert text[quotes[0].inner_start:quotes[0].inner_end].endswith("Second paragraph,")


def test_unclosed_quote_stops_at_its_paragraph():
    text = "He said “this never closes.\n\nThe next paragraph is not a quote. Nor “is this” one."
    assert inner(text) == ["this never closes.", "is this"]


def test_stray_marks_and_quote_only_texts_give_nothing():
    assert find_quotes("”") == []
    assert find_quotes("“”“”\"\"''") == []
    assert find_quotes("") == []
