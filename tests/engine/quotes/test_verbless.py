"""Attributions without a reporting verb: according to, a source phrase, a headline, a transcript."""
from tests.conftest import one


def test_according_to(quotes_of):
    q = one(quotes_of("The visit will take place in April, according to the Wall Street Journal."), "visit will")
    assert q.speaker.name == "Wall Street Journal"
    assert q.verb.text == "according to"
    assert "according" not in q.text


def test_headline_naming_its_source(quotes_of):
    text = "Lindqvist: Baker’s Budget Is Sinking the Harbour\n\nThe senator spoke on Monday."
    q = one(quotes_of(text), "Budget Is Sinking")
    assert (q.speaker.mention.text, q.verb.text, q.construction) == ("Lindqvist", ":", "headline")


def test_section_headers_with_a_colon_are_not_quotes(quotes_of):
    text = "Markets rallied on Monday.\n\nChina: the relationship is a priority\n\n“Trade grew,” Wang Wenbin said."
    assert [q.text for q in quotes_of(text)] == ["Trade grew,"]  # only the quotation after the header


def test_in_a_statement_opening_the_sentence(quotes_of):
    q = one(quotes_of("In a statement released Monday, the campaign’s lawyers are reviewing the ruling."),
            "lawyers are reviewing")
    assert q.speaker.mention.text == "a statement"


def test_headline_source_read_as_common_noun_and_labels_left_out(quotes_of):
    q = one(quotes_of("Newspaper: Port director used city car for holidays.\n\n"
                      "The port director used a city car."), "Port director used")
    assert (q.verb.text, q.speaker.mention.text) == (":", "Newspaper")
    assert quotes_of("WATCH: Mara Lindqvist Ties Tomas Baker in New Poll\n\nThe poll came out Monday.") == []


def test_an_interview_transcript_attributes_each_paragraph_to_its_label(quotes_of):
    text = ("Petra Halvorsen spoke with Gov. Rosa Ferrand.\n\n"
            "HALVORSEN: Do you think the campaign is going well?\n\n"
            "FERRAND: I think it is going very well indeed.")
    quotes = quotes_of(text)
    assert (one(quotes, "Do you think").speaker.name, one(quotes, "going very well").speaker.name) == (
        "Petra Halvorsen", "Rosa Ferrand")
    assert all(q.type == "direct" and q.verb.text == ":" for q in quotes)
