"""Reported speech found through the dependency parse.

Each reporting cue yields candidates: the content (a clause, object or
infinitive hanging off the cue, as the lexicon allows for that verb), the cue
tokens, and the head of the speaker mention. Whether the content is a direct
quotation, indirect or mixed is decided later, against the quotation marks.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .cues import CueLexicon, CueSense
from .mentions import statement_issuer, subject_of

_LEADING_SKIP = {"that", "whether", "if", "and", "but", "so", "where", "when", "while", ",", ":", "-", "—", "–"}
_CLAUSE_BREAK_TAGS = {"WRB", "WDT", "WP"}
_RELATIVES = {"which", "that", "who", "whom", "what"}


@dataclass
class Candidate:
    """One cue with its content span (characters) and speaker head token."""

    start: int
    end: int
    cue: Span | None
    lemma: str | None
    source: Token | None
    construction: str
    weight: float = 1.0
    attitude: bool = False  # a belief or stance, not speech (scope "attributions")


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range [first, last] without leading conjunctions/complementisers and edge punctuation."""
    while first <= last and (doc[first].is_punct or doc[first].is_space or
                             (doc[first].lower_ in _LEADING_SKIP and doc[first].dep_ in ("mark", "cc", "advmod", "punct"))):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and doc[last].text not in "”’\"»":
        last -= 1
    if last < first or sum(1 for t in doc[first:last + 1] if not t.is_punct and not t.is_space) < 2:
        return None
    return first, last


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def _cue_span(verb: Token, particles: list[Token]) -> Span:
    """The verb with its auxiliaries directly before it ("has described") and particles."""
    doc = verb.doc
    start = verb.i
    while start > verb.sent.start and doc[start - 1].dep_ in ("aux", "auxpass", "neg") and doc[start - 1].head is verb:
        start -= 1
    end = verb.i + 1
    for p in particles:
        if p.i == end:
            end += 1
    return doc[start:end]


def _to_infinitive(token: Token) -> bool:
    """ "to act": a verb with its infinitive marker."""
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in token.children)


def _agentless(verb: Token) -> bool:
    return not any(c.dep_ == "agent" for c in verb.children)


def _chars(doc: Doc, rng: tuple[int, int]) -> tuple[int, int]:
    first, last = rng
    return doc[first].idx, doc[last].idx + len(doc[last])


class IndirectFinder:
    """Turns cue tokens into candidates using the cue lexicon's frames."""

    def __init__(self, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon

    def for_verb(self, verb: Token, sense: CueSense, source: Token | None) -> list[Candidate]:
        """Candidates for one cue verb; ``source`` is ``self.source(verb)``, which the caller
        also needs for its cue hits and so computes once. Editorial verbs are the caller's
        to skip (``editorial``)."""
        doc = verb.doc
        if "evidential" in sense.frames:
            return self._evidential(verb, sense)
        particles: list[Token] = []
        ranges: list[tuple[int, int]] = []
        construction = "clause"
        children = list(verb.children)
        via = self.particles(verb, sense)
        if via is None:
            return []
        if via:
            particles = via[:1]
            head = via[0]
            if head.dep_ == "prt":  # "pointed out that ..."
                ranges = self._clause(verb, children)
                construction = "clause"
            else:
                objs = [c for c in head.children if c.dep_ == "pobj"]
                if not objs:
                    return []
                first, last = _subtree_range(objs[0])
                for c in children:
                    # "called on X to act", "referred to Rubio as a leader"
                    if c.i > last and (c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in sense.preps)):
                        last = c.right_edge.i
                ranges = [(first, last)]
                construction = f"{sense.lemma} {head.lower_}"
        else:
            if "clause" in sense.frames:
                ranges = self._clause(verb, children)
            if not ranges and "infinitive" in sense.frames:
                ranges = self._infinitive(verb, children)
                construction = "infinitive"
            if not ranges and (sense.preps or "object" in sense.frames):
                ranges = self._object(verb, children, sense)
                construction = "object"
            if not ranges and "clause" in sense.frames:
                # "declared a “no-limits” friendship": an object counts when it quotes someone
                ranges = self._object(verb, children, sense, require_prep=False)
                construction = "quoted object"
            if not ranges and "predicate" in sense.frames:
                ranges = self._predicate(verb, children)
                construction = "predicate"
            if not ranges and "clause" in sense.frames:
                ranges, construction = self._adjacent(verb)
        out = []
        cue = _cue_span(verb, particles)
        for rng in ranges:
            trimmed = _trim(doc, *self._cut_adjuncts(doc, rng))
            if trimmed is not None and trimmed[0] <= verb.i <= trimmed[1] and doc[trimmed[0]].lower_ in _RELATIVES:
                # "a wall, which he said Mexico should pay for": the words after the cue
                trimmed = _trim(doc, verb.i + 1, trimmed[1])
            if trimmed is None or trimmed[0] <= verb.i <= trimmed[1]:
                continue
            start, end = _chars(doc, trimmed)
            out.append(Candidate(start, end, cue, sense.lemma if not particles
                                 else f"{sense.lemma} {particles[0].lower_}",
                                 source, construction, sense.weight, sense.attitude))
        return out

    @staticmethod
    def _evidential(verb: Token, sense: CueSense) -> list[Candidate]:
        """ "Trump's supporters seemed unperturbed", "It appears that ...": the writer's
        judgement of how things look, with the whole clause as content and no source."""
        children = list(verb.children)
        ccomps = [c for c in children if c.dep_ == "ccomp" and c.i > verb.i]
        subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if ccomps and subjects and subjects[0].lower_ == "it":
            first, last = _subtree_range(ccomps[0])
        else:
            comps = [c for c in children if c.i > verb.i and (
                c.dep_ in ("acomp", "oprd", "attr") or
                (c.dep_ == "xcomp" and _to_infinitive(c)))]
            if not comps or not subjects or subjects[0].lower_ == "it":
                return []
            first, last = subjects[0].left_edge.i, comps[0].right_edge.i
        trimmed = _trim(verb.doc, first, last)
        if trimmed is None:
            return []
        start, end = _chars(verb.doc, trimmed)
        return [Candidate(start, end, verb.doc[verb.i:verb.i + 1], sense.lemma, None, "evidential", sense.weight,
                          sense.attitude)]

    @staticmethod
    def particles(verb: Token, sense: CueSense) -> list[Token] | None:
        """The particles or prepositions that make the verb a cue ("pointed out", "shot back"),
        or None when it needs one and has none ("went" is no cue, "went on" is; "called X Y"
        needs none)."""
        found = [c for c in verb.children if c.dep_ in ("prep", "prt", "dative", "advmod") and c.lower_ in sense.via]
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

    def for_according(self, according: Token) -> list[Candidate]:
        """ "according to X, ..." and "..., according to X": X is the source."""
        doc = according.doc
        to = doc[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if not objs:
            return []
        source = statement_issuer(objs[0], self.lexicon.statement_nouns) or objs[0]
        sent = according.sent
        phrase_first = according.i
        phrase_last = max(according.right_edge.i, to.right_edge.i)
        if phrase_first - sent.start <= 2:  # sentence-initial: content follows
            rng = (phrase_last + 1, sent.end - 1)
        else:
            first = sent.start
            for tok in doc[sent.start:phrase_first]:
                # a relative or subordinate clause after a comma starts the reported part
                if tok.tag_ in _CLAUSE_BREAK_TAGS and tok.i > sent.start and doc[tok.i - 1].text == ",":
                    first = tok.i + 1
            rng = (first, phrase_first - 1)
            if phrase_last + 2 < sent.end and not doc[phrase_last + 1].is_sent_end:
                # mid-sentence "according to": the content goes on after it
                rng = (first, sent.end - 1)
        trimmed = _trim(doc, *rng)
        if trimmed is None:
            return []
        start, end = _chars(doc, trimmed)
        return [Candidate(start, end, doc[according.i:according.i + 2], "according to", source,
                          "according to", self.lexicon.according_to_weight)]

    def source(self, verb: Token) -> Token | None:
        """Head of the speaker mention for a cue verb (the issuer, for "a statement by X")."""
        head = subject_of(verb, self.lexicon.quoting_verbs, self._is_cue)
        if head is None and verb.pos_ not in ("VERB", "AUX") and verb.i > 0:
            prev = verb.doc[verb.i - 1]  # a mis-tagged closing cue: "Viguerie notes."
            head = prev if prev.pos_ in ("PROPN", "PRON") else None
        if head is None:
            return None
        return statement_issuer(head, self.lexicon.statement_nouns) or head

    def _cut_adjuncts(self, doc: Doc, rng: tuple[int, int]) -> tuple[int, int]:
        """End the content before ", adding that ...": that part is a quote of its own."""
        first, last = rng
        for tok in doc[first:last + 1]:
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > first + 1 and \
                    doc[tok.i - 1].text == "," and self._is_cue(tok):
                return first, tok.i - 2
        return first, last

    def _is_cue(self, token: Token) -> bool:
        """A reporting verb as used here: "went on" is one, "went" is not."""
        sense = self.lexicon.sense_of(token)
        return sense is not None and self.particles(token, sense) is not None

    @staticmethod
    def editorial(verb: Token) -> bool:
        """ "It should be noted that", "This indicates that": the writer's own voice."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in ("this", "that", "these", "those"):
                return True
            if child.dep_ == "nsubjpass" and child.lower_ == "it" and _agentless(verb):
                return True
        return False

    @staticmethod
    def _clause(verb: Token, children: list[Token]) -> list[tuple[int, int]]:
        ranges = [_subtree_range(c) for c in children if c.dep_ == "ccomp"]
        if ranges:
            return ranges
        if verb.dep_ == "parataxis":
            # "The visit, Putin said, could ..." -- the clause around the cue, in two parts
            head = verb.head
            first, last = _subtree_range(head)
            v_first, v_last = _subtree_range(verb)
            parts = [(first, v_first - 1), (v_last + 1, last)]
            return [(a, b) for a, b in parts if a <= b]
        return []

    @staticmethod
    def _predicate(verb: Token, children: list[Token]) -> list[tuple[int, int]]:
        """ "called Trump “unhinged”": the object and what it is called. The parser often folds
        the object into the predicate ("called her “third-rate”", "calling Trump a fascist")."""
        if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
            return []  # "an event called Politics and Pies": a name, not a speech act
        preds = [c for c in children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > verb.i
                 and not _to_infinitive(c)]
        if not preds:
            return []
        objs = [c for c in children if c.dep_ == "dobj"]
        if objs and objs[0].i > verb.i:
            if preds[0].i < objs[0].i:
                return []
            return [(objs[0].left_edge.i, preds[0].right_edge.i)]
        if objs:
            return []  # "what the newspaper called a plan": a characterisation, not a quote
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children):
            return []  # "an event was held called Politics and Pies"
        return [(verb.i + 1, preds[0].right_edge.i)]

    def for_source_phrase(self, prep: Token) -> list[Candidate]:
        """ "In a statement, the campaign ...": the clause, when no reporting verb has it."""
        head = prep.head
        if head.dep_ != "ROOT" or self.lexicon.sense_of(head) is not None:
            return []
        source = next(c for c in prep.children if c.dep_ == "pobj")
        sent = prep.sent
        rng = _trim(prep.doc, prep.right_edge.i + 1, sent.end - 1)
        if rng is None:
            return []
        start, end = _chars(prep.doc, rng)
        return [Candidate(start, end, prep.doc[prep.i:prep.i + 1], "in", source, "source phrase", 0.7)]

    def for_headline(self, doc: Doc, paragraph: tuple[int, int]) -> list[Candidate]:
        """ "Graham: Trump's rhetoric destroying GOP's chances" -- a headline naming its source.

        Only the article's first line, and only a short name-like source before the colon.
        """
        start, end = paragraph
        line = doc.char_span(start, end, alignment_mode="expand")
        if line is None:
            return []
        colons = [t for t in line if t.text == ":"]
        if not colons:
            return []
        colon = colons[0]
        before = [t for t in line if t.i < colon.i and not t.is_punct]
        # a name or a capitalised source ("Trump", "NY Daily News", "Poll", "Clinton camp"); the
        # tagger often reads a headline's lone name as a common noun
        if not 1 <= len(before) <= 5 or not any(t.pos_ == "PROPN" or t.is_title for t in before):
            return []
        if any(t.pos_ in ("VERB", "AUX") or t.lower_ in self.lexicon.headline_labels for t in before):
            return []
        if before[-1].pos_ not in ("PROPN", "NOUN"):
            return []
        rng = _trim(doc, colon.i + 1, line.end - 1)
        if rng is None:
            return []
        source = [t for t in before if t.pos_ in ("PROPN", "NOUN")][-1]
        c_start, c_end = _chars(doc, rng)
        return [Candidate(c_start, c_end, doc[colon.i:colon.i + 1], ":", source, "headline", 0.8)]

    @staticmethod
    def _infinitive(verb: Token, children: list[Token]) -> list[tuple[int, int]]:
        for c in children:
            if c.dep_ == "xcomp" and c.i > verb.i and _to_infinitive(c):
                first = c.left_edge.i
                for obj in children:
                    if obj.dep_ == "dobj" and verb.i < obj.i < c.i:  # "urged Beijing to act"
                        first = obj.left_edge.i
                return [(first, c.right_edge.i)]
        return []

    def _object(self, verb: Token, children: list[Token], sense: CueSense,
                require_prep: bool = True) -> list[tuple[int, int]]:
        objs = [c for c in children if c.dep_ == "dobj" and c.i > verb.i]
        if not objs:
            return []
        obj = objs[0]
        if obj.lemma_.lower() in self.lexicon.statement_nouns:
            return []
        first, last = _subtree_range(obj)
        preps = [c for c in children + list(obj.children)
                 if c.dep_ in ("prep", "advcl") and c.lower_ in sense.preps and c.i > obj.i]
        if preps:  # "accused NATO of provoking Russia", "described themselves as friends"
            return [(first, max(last, preps[0].right_edge.i))]
        if obj.pos_ == "PRON" or (require_prep and "object" not in sense.frames):
            return []
        return [(first, last)]

    @staticmethod
    def _adjacent(verb: Token) -> tuple[list[tuple[int, int]], str]:
        """Cues the parser left without a complement.

        "<content>, China Announces" (inverted, often in headlines) takes the
        sentence before the comma; "X said:" takes what follows the colon.
        """
        doc = verb.doc
        sent = verb.sent
        nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        if nxt is not None and nxt.text == ":" and nxt.i + 1 < sent.end:
            return [(nxt.i + 1, sent.end - 1)], "colon"
        # the cue and its subject close the sentence, after a comma
        tail = [t for t in doc[verb.i + 1:sent.end] if not (t.is_punct or t.is_space)]
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].i > verb.i:
            tail = [t for t in doc[subj[0].right_edge.i + 1:sent.end] if not (t.is_punct or t.is_space)]
        if tail:
            return [], "clause"
        left = min([verb.i] + [s.left_edge.i for s in subj])
        while left < verb.i and doc[left].is_punct:  # closing marks the parser hung on the subject
            left += 1
        if left - 1 > sent.start and doc[left - 1].text in (",", "”", "\"", "’"):
            return [(sent.start, left - 1)], "inverted"
        return [], "clause"
