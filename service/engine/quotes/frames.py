"""Where a cue verb's content lies in the parse: one function per frame of the lexicon.

Each function takes the cue verb and returns token ranges ``(first, last)`` of
content, or nothing; ``verbs`` tries the frames the lexicon lists for the verb
and turns ranges into candidates.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Token

from ..confidence import Construction
from ..lexicon.cues import CueSense
from ..text.sentences import sentence

Range = tuple[int, int]


def subtree_range(token: Token) -> Range:
    return token.left_edge.i, token.right_edge.i


def to_infinitive(token: Token) -> bool:
    """ "to act": a verb with its infinitive marker."""
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in token.children)


def has_content(verb: Token) -> bool:
    """A reporting verb with a clause of its own ("Russia insisted that …") reports its own
    words, not a quotation next to it."""
    return any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)


def clause(verb: Token, reports: Callable[[Token], bool]) -> list[Range]:
    """ "said (that) ...", "... , he said"; "The visit, Okafor said, could ..." in two parts.
    A reporting verb the parser coordinated into the clause ("said the party was not in
    crisis, and urged ...") reports on its own: the clause stops before it."""
    ranges = []
    for c in verb.children:
        if c.dep_ == "ccomp":
            first, last = subtree_range(c)
            reporting = [d for d in c.children if d.dep_ == "conj" and d.i > c.i and reports(d)
                         and not any(g.dep_ in ("nsubj", "nsubjpass") for g in d.children)]
            if reporting and not reports(c):
                last = reporting[0].left_edge.i - 1
                while last > first and (verb.doc[last].dep_ == "cc" or verb.doc[last].is_punct):
                    last -= 1
            ranges.append((first, last))
    if ranges:
        return ranges
    if verb.dep_ == "parataxis":
        first, last = subtree_range(verb.head)
        v_first, v_last = subtree_range(verb)
        return [(a, b) for a, b in ((first, v_first - 1), (v_last + 1, last)) if a <= b]
    return []


def infinitive(verb: Token) -> list[Range]:
    """ "claims to be neutral", "urged Beijing to act" (the object is part of the content)."""
    children = list(verb.children)
    for c in children:
        if c.dep_ == "xcomp" and c.i > verb.i and to_infinitive(c):
            first = c.left_edge.i
            for obj in children:
                if obj.dep_ == "dobj" and verb.i < obj.i < c.i:
                    first = obj.left_edge.i
            return [(first, c.right_edge.i)]
    return []


def obj(verb: Token, sense: CueSense, statement_nouns: frozenset[str], require_prep: bool = True) -> list[Range]:
    """ "acknowledged China's role", "accused NATO of provoking Russia", "described it as
    a peace visit"; with ``require_prep`` False, any non-pronoun object."""
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objs:
        return []
    first_obj = objs[0]
    if first_obj.lemma_.lower() in statement_nouns:
        return []
    first, last = subtree_range(first_obj)
    preps = [c for c in list(verb.children) + list(first_obj.children)
             if c.dep_ in ("prep", "advcl") and c.lower_ in sense.preps and c.i > first_obj.i]
    if preps:
        return [(first, max(last, preps[0].right_edge.i))]
    if first_obj.pos_ == "PRON" or (require_prep and "object" not in sense.frames):
        return []
    return [(first, last)]


def predicate(verb: Token) -> list[Range]:
    """ "called the mayor “reckless”": the object and what it is called. The parser often folds
    the object into the predicate ("called her “second-rate”", "calling the mayor a coward")."""
    children = list(verb.children)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        return []  # "an event called Soup and Strategy": a name, not a speech act
    preds = [c for c in children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > verb.i and not to_infinitive(c)]
    objs = [c for c in children if c.dep_ == "dobj"]
    if not preds and objs and objs[0].i > verb.i:
        # "called his plan “a bold gamble”": the parser makes the quoted name an apposition
        doc = verb.doc
        quoted = [c for c in objs[0].children if c.dep_ == "appos" and c.i > objs[0].i
                  and (doc[c.left_edge.i].is_quote or c.left_edge.i > 0 and doc[c.left_edge.i - 1].is_quote)]
        if quoted:
            return [(objs[0].left_edge.i, quoted[0].right_edge.i)]
    if not preds:
        return []
    if objs and objs[0].i > verb.i:
        if preds[0].i < objs[0].i:
            return []
        return [(objs[0].left_edge.i, preds[0].right_edge.i)]
    if objs:
        return []  # "what the newspaper called a plan": a characterisation, not a quote
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children):
        return []  # "an event was held called Soup and Strategy"
    return [(verb.i + 1, preds[0].right_edge.i)]


def prepositional(verb: Token, via: Token, sense: CueSense) -> list[Range]:
    """ "called for talks", "called on X to act", "referred to Lindqvist as a leader": the
    object of the particle's preposition, and what follows it."""
    objs = [c for c in via.children if c.dep_ == "pobj"]
    if not objs:
        return []
    first, last = subtree_range(objs[0])
    for c in verb.children:
        if c.i > last and (c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in sense.preps)):
            last = c.right_edge.i
    return [(first, last)]


def adjacent(verb: Token) -> tuple[list[Range], Construction]:
    """Cues the parser left without a complement: "<content>, China Announces" (inverted,
    often in headlines) takes the sentence before the comma; "X said:" what follows the colon."""
    doc = verb.doc
    sent = sentence(verb)
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == ":" and nxt.i + 1 < sent.end:
        return [(nxt.i + 1, sent.end - 1)], Construction.COLON
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    after = subj[0].right_edge.i + 1 if subj and subj[0].i > verb.i else verb.i + 1
    if any(not (t.is_punct or t.is_space) for t in doc[after:sent.end]):
        return [], Construction.CLAUSE  # the cue and its subject do not close the sentence
    left = min([verb.i] + [s.left_edge.i for s in subj])
    while left < verb.i and doc[left].is_punct:  # closing marks the parser hung on the subject
        left += 1
    if left - 1 > sent.start and doc[left - 1].text in (",", "”", "\"", "’"):
        return [(sent.start, left - 1)], Construction.INVERTED
    return [], Construction.CLAUSE


def evidential(verb: Token, expletives: frozenset[str]) -> list[Range]:
    """ "Okafor's supporters seemed unperturbed", "It appears that ...": the writer's
    judgement of how things look, the whole clause."""
    children = list(verb.children)
    ccomps = [c for c in children if c.dep_ == "ccomp" and c.i > verb.i]
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if ccomps and subjects and subjects[0].lower_ in expletives:
        return [subtree_range(ccomps[0])]
    comps = [c for c in children if c.i > verb.i and (
        c.dep_ in ("acomp", "oprd", "attr") or (c.dep_ == "xcomp" and to_infinitive(c)))]
    if not comps or not subjects or subjects[0].lower_ in expletives:
        return []
    return [(subjects[0].left_edge.i, comps[0].right_edge.i)]


def reporting_tail(verb: Token, is_cue) -> int | None:
    """ "Novak said the plan was ready, Reuters reported.": a cue closing the sentence after a
    comma and its own subject, which the parser hung inside an earlier cue's clause. It reports
    the whole sentence before the comma; returns that comma's index (else None)."""
    doc = verb.doc
    if verb.dep_ != "ccomp" or verb.head.i > verb.i or not is_cue(verb.head):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i == 0 or doc[subject.left_edge.i - 1].text != ",":
        return None
    if any(not (t.is_punct or t.is_space) for t in doc[verb.i + 1:sentence(verb).end]):
        return None
    return subject.left_edge.i - 1


def chars(doc: Doc, rng: Range) -> tuple[int, int]:
    first, last = rng
    return doc[first].idx, doc[last].idx + len(doc[last])


def trim(doc: Doc, first: int, last: int, leading_skip: frozenset[str]) -> Range | None:
    """Token range [first, last] without leading conjunctions/complementisers and edge
    punctuation; None unless two words are left."""
    while first <= last and (doc[first].is_punct or doc[first].is_space or
                             (doc[first].lower_ in leading_skip
                              and doc[first].dep_ in ("mark", "cc", "advmod", "punct"))):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and doc[last].text not in "”’\"»":
        last -= 1
    words = 0
    for tok in doc[first:last + 1]:
        words += not (tok.is_punct or tok.is_space)
        if words == 2:
            return first, last
    return None
