"""Attributions without a reporting verb: "according to X", "In a statement, X ...",
a headline naming its source ("Lindqvist: ..."), and an interview transcript's labels
("HALVORSEN: ...").
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..confidence import Construction
from ..lexicon.cues import CueLexicon
from ..lexicon.words import Words
from ..sources.mentions import is_name, statement_issuer
from ..text.sentences import sentence
from . import frames
from .candidates import Candidate

_CLAUSE_BREAK_TAGS = {"WRB", "WDT", "WP"}
_ACCORDING_LOOKBACK = 60  # tokens an "according to" content may reach back for a clause break


class VerblessFinder:
    """Candidates of one document's verbless constructions."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, words: Words) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.words = words

    def _trim(self, first: int, last: int) -> frames.Range | None:
        return frames.trim(self.doc, first, last, self.words.leading_skip)

    def for_according(self, according: Token) -> list[Candidate]:
        """ "according to X, ..." and "..., according to X": X is the source."""
        doc = according.doc
        to = doc[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if not objs:
            return []
        source = statement_issuer(objs[0], self.lexicon.statement_nouns) or objs[0]
        sent = sentence(according)
        phrase_first = according.i
        phrase_last = max(according.right_edge.i, to.right_edge.i)
        if phrase_first - sent.start <= 2:  # sentence-initial: content follows
            rng = (phrase_last + 1, sent.end - 1)
        else:
            first = max(sent.start, phrase_first - _ACCORDING_LOOKBACK)
            for tok in doc[first:phrase_first]:
                # a relative or subordinate clause after a comma starts the reported part
                if tok.tag_ in _CLAUSE_BREAK_TAGS and tok.i > sent.start and doc[tok.i - 1].text == ",":
                    first = tok.i + 1
            rng = (first, phrase_first - 1)
            if phrase_last + 2 < sent.end and not doc[phrase_last + 1].is_sent_end:
                # mid-sentence "according to": the content goes on after it
                rng = (first, sent.end - 1)
        trimmed = self._trim(*rng)
        if trimmed is None:
            return []
        start, end = frames.chars(doc, trimmed)
        return [Candidate(start, end, doc[according.i:according.i + 2], "according to", source,
                          Construction.ACCORDING_TO, self.lexicon.according_to_weight)]

    def for_source_phrase(self, prep: Token) -> list[Candidate]:
        """ "In a statement, the campaign ...": the clause, when no reporting verb has it."""
        head = prep.head
        if head.dep_ != "ROOT" or self.lexicon.sense_of(head) is not None:
            return []
        statement = next(c for c in prep.children if c.dep_ == "pobj")
        # "In a May speech, Okafor attacked ...": the clause's own named subject speaks
        subject = next((c for c in head.children if c.dep_ == "nsubj" and (is_name(c) or c.pos_ == "PRON")), None)
        source = subject if subject is not None else statement
        rng = self._trim(prep.right_edge.i + 1, sentence(prep).end - 1)
        if rng is None:
            return []
        start, end = frames.chars(prep.doc, rng)
        return [Candidate(start, end, prep.doc[prep.i:prep.i + 1], "in", source, Construction.SOURCE_PHRASE)]

    def for_headline(self, paragraph: tuple[int, int]) -> list[Candidate]:
        """ "Lindqvist: Okafor's budget dooming the harbour" -- a headline naming its source.

        Only the article's first line, and only a short name-like source before the colon.
        """
        doc = self.doc
        line = doc.char_span(*paragraph, alignment_mode="expand")
        if line is None:
            return []
        colon = next((t for t in line if t.text == ":"), None)
        if colon is None:
            return []
        before = [t for t in line if t.i < colon.i and not t.is_punct]
        # a name or a capitalised source ("Okafor", "Harbour Daily News", "Poll", "Lindqvist camp"); the
        # tagger often reads a headline's lone name as a common noun
        if not 1 <= len(before) <= 5 or not any(t.pos_ == "PROPN" or t.is_title for t in before):
            return []
        if any(t.pos_ in ("VERB", "AUX") or t.lower_ in self.lexicon.headline_labels for t in before):
            return []
        if before[-1].pos_ not in ("PROPN", "NOUN"):
            return []
        rng = self._trim(colon.i + 1, line.end - 1)
        if rng is None:
            return []
        source = [t for t in before if t.pos_ in ("PROPN", "NOUN")][-1]
        c_start, c_end = frames.chars(doc, rng)
        return [Candidate(c_start, c_end, doc[colon.i:colon.i + 1], ":", source, Construction.HEADLINE)]

    def for_transcript(self, paragraph: tuple[int, int]) -> list[Candidate]:
        """ "HALVORSEN: Will the port reopen ...": an interview transcript's paragraph opens with its
        speaker's name in capitals and a colon; the rest of the paragraph is their words."""
        doc = self.doc
        start, end = paragraph
        first = doc.char_span(start, min(start + 1, end), alignment_mode="expand")
        if first is None:
            return []
        begin = first.start + (1 if doc[first.start].is_quote and first.start + 1 < len(doc) else 0)
        label: list[Token] = []
        for tok in doc[begin:min(begin + 5, len(doc))]:
            if tok.text == ":":
                break
            if not (tok.is_upper and tok.is_alpha and len(tok) > 1 or tok.text == ".") or \
                    tok.lower_ in self.lexicon.headline_labels:  # "WATCH:", "UPDATE:" label a story
                return []
            label.append(tok)
        else:
            return []
        colon = doc[label[-1].i + 1] if label else None
        if colon is None or colon.idx >= end:
            return []
        last = doc.char_span(start, end, alignment_mode="expand")
        rng = self._trim(colon.i + 1, last.end - 1) if last is not None else None
        if rng is None:
            return []
        c_start, c_end = frames.chars(doc, rng)
        return [Candidate(c_start, c_end, doc[colon.i:colon.i + 1], ":", label[-1], Construction.TRANSCRIPT)]
