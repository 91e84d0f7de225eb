"""Reported speech found through the dependency parse.

Each reporting cue yields candidates: the content (a clause, object or
infinitive hanging off the cue, as the lexicon allows for that verb; see
``frames``), the cue tokens, and the head of the speaker mention. Whether the
content is a direct quotation, indirect or mixed is decided later, against the
quotation marks.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ..confidence import Construction
from ..lexicon.cues import CueLexicon, CueSense
from ..lexicon.words import Words
from ..sources.mentions import statement_issuer
from ..sources.subjects import SubjectFinder
from ..text.scan import with_dep
from ..text.sentences import sentence
from . import frames
from .candidates import Candidate


def _cue_span(verb: Token, particles: list[Token]) -> Span:
    """The verb with its auxiliaries directly before it ("has described") and particles."""
    doc = verb.doc
    start = verb.i
    while start > sentence(verb).start and doc[start - 1].dep_ in ("aux", "auxpass", "neg") and doc[start - 1].head.i == verb.i:
        start -= 1
    end = verb.i + 1
    for p in particles:
        if p.i == end:
            end += 1
    return doc[start:end]


class IndirectFinder:
    """Turns cue tokens into candidates using the cue lexicon's frames; one per document
    (it indexes the document's "adding that" adjuncts once)."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, words: Words) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.words = words
        self._subject = SubjectFinder(lexicon.quoting_verbs, self.is_cue, words.relative_pronouns,
                                      words.personal_relative_pronouns)
        # ", adding that ...": participial cues that start a quote of their own
        self._adjuncts = [i for i in with_dep(doc, ["advcl"], "VBG") if i > 0 and doc[i - 1].text == ","
                          and self.is_cue(doc[i])]

    def for_verb(self, verb: Token, sense: CueSense, source: Token | None) -> list[Candidate]:
        """Candidates for one cue verb; ``source`` is ``self.source(verb)``, which the caller
        also needs for its cue hits and so computes once. Editorial verbs are the caller's
        to skip (``editorial``)."""
        doc = verb.doc
        if "evidential" in sense.frames:  # the whole clause, its verb included
            return self._candidates(verb, frames.evidential(verb, self.words.expletives), doc[verb.i:verb.i + 1],
                                    sense.lemma, None, Construction.EVIDENTIAL, sense, cue_inside=True)
        via = self.particles(verb, sense)
        if via is None:
            return []
        tail = frames.reporting_tail(verb, self.is_cue)
        if tail is not None:  # "..., Reuters reported.": all that comes before
            ranges, construction = [(sentence(verb).start, tail - 1)], Construction.INVERTED
        elif via and via[0].dep_ != "prt":  # "called for talks", "referred to X as Y"
            ranges, construction = frames.prepositional(verb, via[0], sense), Construction.PREPOSITIONAL
        elif via:  # "pointed out that ..."
            ranges, construction = frames.clause(verb, self.reports), Construction.CLAUSE
        else:
            ranges, construction = self._frames(verb, sense)
        lemma = f"{sense.lemma} {via[0].lower_}" if via else sense.lemma
        return self._candidates(verb, ranges, _cue_span(verb, via[:1]), lemma, source, construction, sense)

    def _frames(self, verb: Token, sense: CueSense) -> tuple[list[frames.Range], Construction]:
        """The first of the verb's frames that finds content, in the lexicon's order of trust."""
        statement_nouns = self.lexicon.statement_nouns
        tries = [
            ("clause" in sense.frames, lambda: frames.clause(verb, self.reports), Construction.CLAUSE),
            ("infinitive" in sense.frames, lambda: frames.infinitive(verb), Construction.INFINITIVE),
            (bool(sense.preps) or "object" in sense.frames,
             lambda: frames.obj(verb, sense, statement_nouns), Construction.OBJECT),
            # "declared a “no-limits” friendship": an object counts when it quotes someone
            ("clause" in sense.frames, lambda: frames.obj(verb, sense, statement_nouns, require_prep=False),
             Construction.QUOTED_OBJECT),
            ("predicate" in sense.frames, lambda: frames.predicate(verb), Construction.PREDICATE),
        ]
        for applies, find, construction in tries:
            ranges = find() if applies else []
            if ranges:
                return ranges, construction
        if "clause" in sense.frames:
            return frames.adjacent(verb)
        return [], Construction.CLAUSE

    def _candidates(self, verb: Token, ranges: list[frames.Range], cue: Span, lemma: str, source: Token | None,
                    construction: Construction, sense: CueSense, cue_inside: bool = False) -> list[Candidate]:
        doc = verb.doc
        out = []
        for rng in ranges:
            trimmed = self._trim(*self._cut_tail(*self._cut_adjuncts(rng)))
            if trimmed is not None and trimmed[0] <= verb.i <= trimmed[1] and \
                    doc[trimmed[0]].lower_ in self.words.relative_pronouns:
                # "a bridge, which he said the province should pay for": the words after the cue
                trimmed = self._trim(verb.i + 1, trimmed[1])
            if trimmed is not None and source is not None and trimmed[0] < source.i < verb.i:
                # the speaker's name, or a word of their title, the parser took into the clause
                # ("..., Eastbrook police Chief Ana Brandt said"): the content ends before it
                left = source.left_edge.i
                while left > trimmed[0] + 1 and doc[left - 1].is_title:
                    left -= 1
                if left <= trimmed[1]:
                    trimmed = self._trim(trimmed[0], left - 1)
            if trimmed is None or (trimmed[0] <= verb.i <= trimmed[1] and not cue_inside):
                continue
            start, end = frames.chars(doc, trimmed)
            out.append(Candidate(start, end, cue, lemma, source, construction, sense.weight, sense.attitude))
        return out

    @staticmethod
    def particles(verb: Token, sense: CueSense) -> list[Token] | None:
        """The particles or prepositions that make the verb a cue ("pointed out", "shot back"),
        or None when it needs one and has none ("went" is no cue, "went on" is; "called X Y"
        needs none)."""
        found = [c for c in verb.children if c.dep_ in ("prep", "prt", "dative", "advmod", "dobj") and c.lower_ in sense.via]
        if sense.via and not found and "predicate" not in sense.frames:
            return None
        return found

    def cue_hit_span(self, verb: Token, sense: CueSense) -> tuple[Span, str] | None:
        """Cue span and lemma for a verb that may introduce a quotation next to it, or None
        when it lacks the particle it needs."""
        via = self.particles(verb, sense)
        if via is None:
            return None
        return _cue_span(verb, via[:1]), (f"{sense.lemma} {via[0].lower_}" if via else sense.lemma)

    def source(self, verb: Token) -> Token | None:
        """Head of the speaker mention for a cue verb (the issuer, for "a statement by X")."""
        head = self._subject(verb)
        if head is None and verb.pos_ not in ("VERB", "AUX") and verb.i > 0:
            prev = verb.doc[verb.i - 1]  # a mis-tagged closing cue: "Brandt notes."
            head = prev if prev.pos_ in ("PROPN", "PRON") else None
        if head is None:
            return None
        return statement_issuer(head, self.lexicon.statement_nouns) or self._owner(head) or head

    def _owner(self, head: Token) -> Token | None:
        """Whose words a thing is, when a thing is the subject: "his best response was to say",
        "this decision by the FBI" (a person's title or an organisation is its own speaker)."""
        lemma = head.lemma_.lower()
        if head.pos_ != "NOUN" or lemma in self.words.role_heads or lemma in self.words.anonymous_heads:
            return None
        for child in head.children:
            if child.dep_ == "poss" and (child.pos_ in ("PRON", "PROPN")):
                return child
            if child.dep_ == "prep" and child.lower_ == "by":
                return next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
        return None

    def reports(self, token: Token) -> bool:
        """A reporting verb that finds content of its own by its frames ("urged talks", not
        "added 200 jobs")."""
        if not self.is_cue(token):
            return False
        ranges, construction = self._frames(token, self.lexicon.sense_of(token))
        return bool(ranges) and construction is not Construction.QUOTED_OBJECT  # that one needs quotation marks

    def is_cue(self, token: Token) -> bool:
        """A reporting verb as used here: "went on" is one, "went" is not."""
        sense = self.lexicon.sense_of(token)
        return sense is not None and self.particles(token, sense) is not None

    def editorial(self, verb: Token) -> bool:
        """ "It should be noted that", "This indicates that": the writer's own voice."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in self.words.demonstratives:
                return True
            if child.dep_ == "nsubjpass" and child.lower_ in self.words.expletives and \
                    not any(c.dep_ == "agent" for c in verb.children):
                return True
        return False

    def _cut_adjuncts(self, rng: frames.Range) -> frames.Range:
        """End the content before ", adding that ...": that part is a quote of its own."""
        first, last = rng
        k = bisect_right(self._adjuncts, first + 1)
        if k < len(self._adjuncts) and self._adjuncts[k] <= last:
            return first, self._adjuncts[k] - 2
        return first, last

    def _cut_tail(self, first: int, last: int) -> frames.Range:
        """End the content before a reporting tail inside it ("..., Reuters reported"): the
        tail reports this cue's words, it is not part of them."""
        doc = self.doc
        closing = next((t for t in reversed(doc[max(first, last - 3):last + 1]) if t.pos_ in ("VERB", "AUX")), None)
        comma = frames.reporting_tail(closing, self.is_cue) if closing is not None else None
        return (first, comma - 1) if comma is not None and comma > first else (first, last)

    def _trim(self, first: int, last: int) -> frames.Range | None:
        return frames.trim(self.doc, first, last, self.words.leading_skip)
