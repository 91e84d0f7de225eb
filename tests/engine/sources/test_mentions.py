"""Speaker mentions: an apposition, also one the parser made a second subject."""
from tests.conftest import attributed, parsed_doc


def test_an_apposition_the_parser_made_a_second_subject(nlp):
    # the parse written out (the small model gives it for some sentences, not for any one reliably)
    doc = attributed(nlp, parsed_doc(nlp, [
        ("Mara", "PROPN", "NNP", "compound", 1, "B-PERSON"), ("Olsen", "PROPN", "NNP", "nsubj", 10, "I-PERSON", False),
        (",", "PUNCT", ",", "punct", 10), ("the", "DET", "DT", "det", 5), ("secretary", "NOUN", "NN", "compound", 5),
        ("general", "NOUN", "NN", "nsubj", 10),  # the apposition as a second subject of "vowed"
        ("of", "ADP", "IN", "prep", 5), ("the", "DET", "DT", "det", 8), ("alliance", "NOUN", "NN", "pobj", 6, "O", False),
        (",", "PUNCT", ",", "punct", 10), ("vowed", "VERB", "VBD", "ROOT", 10), ("not", "PART", "RB", "neg", 13),
        ("to", "PART", "TO", "aux", 13), ("repeat", "VERB", "VB", "xcomp", 10), ("it", "PRON", "PRP", "dobj", 13, "O", False),
        (".", "PUNCT", ".", "punct", 10, "O", False)]))
    (q,) = doc._.quotes
    assert (q.text, q.speaker.name, q.speaker.role) == ("not to repeat it", "Mara Olsen", "secretary general of the alliance")
