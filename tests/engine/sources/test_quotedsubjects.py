"""Subjects across quotation marks: a speaker between a quotation and a verb the parser hung
inside it, a participle coordinated across a quotation."""
from tests.conftest import attributed, one, parsed_doc


def test_inverted_said_x(quotes_of):
    q = one(quotes_of("“The door remains open,” said Jonas Brandt."), "door remains open")
    assert q.speaker.name == "Jonas Brandt"


def test_a_speaker_between_the_quote_and_a_late_verb(quotes_of):
    q = one(quotes_of("“We have had better conventions,” Felix Aalto, wearing a straw hat, said."), "better conventions")
    assert (q.speaker.name, q.verb.text) == ("Felix Aalto", "said")


def test_a_speaker_after_a_quotation_the_parser_hung_the_verb_inside(nlp):
    # the parse written out: "Fisk" and "told" coordinated with the quoted clause's verb, "told"
    # without a subject of its own (the small model does this for some names, unpredictably)
    doc = attributed(nlp, parsed_doc(nlp, [
        ("“", "PUNCT", "``", "punct", 2, "O", False), ("We", "PRON", "PRP", "nsubj", 2), ("were", "AUX", "VBD", "ROOT", 2),
        ("wrong", "ADJ", "JJ", "acomp", 2, "O", False), (",", "PUNCT", ",", "punct", 2, "O", False),
        ("”", "PUNCT", "''", "punct", 6), ("Fisk", "PROPN", "NNP", "conj", 2, "B-PERSON", False),
        (",", "PUNCT", ",", "punct", 6), ("61", "NUM", "CD", "appos", 6, "O", False), (",", "PUNCT", ",", "punct", 6),
        ("told", "VERB", "VBD", "conj", 2), ("reporters", "NOUN", "NNS", "dobj", 10), ("on", "ADP", "IN", "prep", 10),
        ("Monday", "PROPN", "NNP", "pobj", 12, "O", False), (".", "PUNCT", ".", "punct", 2, "O", False)]))
    (q,) = doc._.quotes
    assert (q.text, q.verb.text, q.speaker.name) == ("We were wrong,", "told", "Fisk")


def test_a_participle_coordinated_across_a_quotation_keeps_its_subject(quotes_of):
    text = ("Mr. Tarr hardly cleared up the matter, treating Mrs. Lind's jab first as a compliment -- "
            "''That makes me careful'' -- and, when questioned after the forum, asserting, "
            "''Of course, I pay my fees.''")
    q = one(quotes_of(text), "I pay my fees")
    assert (q.speaker.name, q.verb.text) == ("Tarr", "asserting")  # not "That", inside the quotation
