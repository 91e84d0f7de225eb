"""Who performs a cue verb: the subject the parse gives it, followed through the
constructions that share, move or invert a subject.

One function per construction (after textacy's ``extract/triples.py``); ``SubjectFinder``
tries them in order of trust and returns the head token of the speaker mention, or None.
The parser often hangs a participle or a coordinated verb in the wrong place, so several
rules read the surface order too: a speaker stands outside the quotation marks, and the
subject of "..., saying" stands before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Token

from .mentions import appositions, is_name
from .partytags import is_party_tag
from .sentences import sentence

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_STRANDED_WINDOW = 30  # tokens back from a subjectless verb to the closing quote mark
_MAX_DEPTH = 6  # verbs followed from one cue; bounds a parse that loops through heads
_CLIMB = 6  # heads climbed looking for the reporting verb a participle belongs to


@dataclass(frozen=True)
class SubjectFinder:
    """The speaker of a cue verb, with the lexicon's notion of a reporting verb."""

    quoting_verbs: frozenset[str]
    is_cue: Callable[[Token], bool]
    relative_pronouns: frozenset[str]

    def __call__(self, verb: Token, depth: int = 0, surface: bool = False) -> Token | None:
        """The head token of whoever performs ``verb``.

        ``surface`` asks for the grammatical subject even of a passive: a verb coordinated
        with "X was joined by Y" is X's ("... and joked").
        """
        if depth > _MAX_DEPTH:
            return None
        own = self._own_subject(verb, surface)
        if own is not False:
            return own
        rules = (lambda: _agent(verb), lambda: _fronted_as(verb), lambda: _inverted(verb), lambda: _hung_in_quotation(verb), lambda: self._after_comma(verb, depth),
                 lambda: self._participle_of_cue(verb, depth), lambda: self._quoted_as(verb, depth),
                 lambda: _relative(verb), lambda: self._attached_to_noun(verb, depth), lambda: _controller(verb),
                 lambda: self._shared(verb, depth), lambda: self._prepositional(verb, depth))
        for rule in rules:  # in order of trust
            found = rule()
            if found is not None:
                return found
        return None

    def _own_subject(self, verb: Token, surface: bool) -> Token | None | bool:
        """The verb's own subject; False when it has none (a passive without an agent has
        one, but no speaker: None). Outside quotation marks first, nominal before clausal,
        the nearest first: in "“… Trump articulates it,” Viguerie notes" the parser may make
        the quoted clause a second subject, and in "“Meh,” wrote a supporter" "Meh" one."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subjects:
            return False
        child = min(subjects, key=lambda c: (_quoted_apart(c, verb), c.dep_ == "csubj", abs(c.i - verb.i), c.i))
        if child.pos_ == "ADP":  # "Of Carson, Levine ... said": the parser's subject is the preposition
            child = next((c for c in child.children if c.dep_ == "pobj"), child)
        if child.lower_ in self.relative_pronouns and verb.dep_ == "relcl":
            return verb.head
        if child.dep_ == "nsubjpass":
            return child if surface else _agent(verb)
        return _apposition_as_subject(child, subjects) or _apposed_before(child, verb)

    def _after_comma(self, verb: Token, depth: int) -> Token | None:
        """ "..., saying ...", "..., adding that ...": a participle after a comma belongs to the
        sentence's subject before it, wherever the parser hung it (on a noun, in a relative
        clause, under a later clause it made the root)."""
        if not (verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl") and verb.i > 0
                and verb.doc[verb.i - 1].text == ","):
            return None
        root = sentence(verb).root
        if root.i == verb.i or root.pos_ not in ("VERB", "AUX"):
            return None
        found = self(root, depth + 1)
        return found if found is not None and (root.i < verb.i or found.i < verb.i) else None

    def _participle_of_cue(self, verb: Token, depth: int) -> Token | None:
        """A participial adjunct takes the subject of the nearest reporting verb above it."""
        if not (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            return None
        cur = verb.head
        for _ in range(_CLIMB):
            if self.is_cue(cur):
                return self(cur, depth + 1)
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return None

    def _quoted_as(self, verb: Token, depth: int) -> Token | None:
        """ "quoted X as saying": X; "was described as saying": the described."""
        if not (verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ == "as"):
            return None
        governor = verb.head.head
        if governor.lemma_.lower() in self.quoting_verbs:
            for child in governor.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    return child
        return self(governor, depth + 1)

    def _attached_to_noun(self, verb: Token, depth: int) -> Token | None:
        """ "a statement saying", "the polls showing": the noun; but "described it as a haven
        saying ...": the describer's, where the parser hung the participle on the noun before it."""
        if verb.dep_ != "acl":
            return None
        head = verb.head
        if verb.tag_ == "VBG" and not is_name(head) and head.pos_ != "PRON" and head.tag_ != "NNS" \
                and head.head.i != head.i and head.head.pos_ in ("VERB", "AUX"):
            return self(head.head, depth + 1)
        return head

    def _shared(self, verb: Token, depth: int) -> Token | None:
        """Shared or controlled subjects: "condemned X and accused Y", "voters are more likely
        to say", "then says". A participle coordinated with a finite verb was misplaced by the
        parser ("saying that the bill ... was waylaid by X - and arguing"): it coordinates with
        the participle above it."""
        if verb.dep_ not in ("conj", "advcl", "xcomp", "acomp", "dep") or verb.head.i == verb.i:
            return None
        if verb.dep_ == "conj" and verb.tag_ == "VBG" and verb.head.tag_ != "VBG":
            cur = verb.head
            for _ in range(_CLIMB):
                if cur.head.i == cur.i:
                    break
                cur = cur.head
                if cur.tag_ == "VBG" and cur.dep_ in ("advcl", "acl", "conj"):
                    return self(cur, depth + 1)
        head = verb.head
        if verb.dep_ == "conj" and head.dep_ == "ccomp" and not _own_subjects(verb) and self.is_cue(verb) \
                and self.is_cue(head.head) and not self.is_cue(head):
            # "X said the party was not in crisis, and urged ...": a reporting verb the parser
            # coordinated into the reported clause reports with the verb that reports it
            return self(head.head, depth + 1)
        if _quoted_apart(verb.head, verb):  # a quoted clause's subject is in someone's words
            earlier = _participle_before_quotation(verb.head) if verb.tag_ == "VBG" else None
            return self(earlier, depth + 1) if earlier is not None else None
        return self(verb.head, depth + 1, surface=verb.dep_ == "conj")

    def _prepositional(self, verb: Token, depth: int) -> Token | None:
        """ "..., before clarifying that", "After saying he was nervous, the man ...", "aside
        from saying", "stopped short of calling": the verb the phrase belongs to."""
        if not (verb.dep_ == "pcomp" and verb.head.dep_ == "prep"):
            return None
        cur = verb.head.head
        for _ in range(3):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                break
            cur = cur.head
        return self(cur, depth + 1) if cur.i != verb.head.i else None


def _own_subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in _SUBJECTS]


def _quoted_apart(child: Token, verb: Token) -> bool:
    """True when a quotation mark opens or closes between the two tokens an odd number of
    times: one of them is inside a quotation the other is outside of."""
    lo, hi = sorted((child.i, verb.i))
    return sum(1 for t in verb.doc[lo + 1:hi] if t.is_quote) % 2 == 1


def _participle_before_quotation(quoted: Token) -> Token | None:
    """ "treating the remark as a compliment -- “That makes me smart” -- and asserting": the
    participle before the quotation a later participle was coordinated into."""
    doc = quoted.doc
    opening = next((i for i in range(quoted.i - 1, max(quoted.i - _STRANDED_WINDOW, 0) - 1, -1)
                    if doc[i].is_quote), None)
    if opening is None:
        return None
    return next((doc[i] for i in range(opening - 1, max(opening - _STRANDED_WINDOW, 0) - 1, -1)
                 if doc[i].tag_ == "VBG" and doc[i].dep_ in ("advcl", "acl", "conj")), None)


def _agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive: "was told by the minister"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _fronted_as(verb: Token) -> Token | None:
    """ "As Tom Ridge put it, …": the parser may read "as" as a preposition and the speaker
    as its object."""
    for child in verb.children:
        if child.lower_ == "as" and child.i < verb.i and child.dep_ in ("mark", "prep"):
            return next((g for g in child.children if g.dep_ == "pobj" and g.i < verb.i), None)
    return None


def _inverted(verb: Token) -> Token | None:
    """ "..., explained the Kremlin": the reported clause comes first and the parser makes
    the speaker after the verb its object, or leaves it stranded inside the quoted clause."""
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("dobj", "attr", "npadvmod", "dative"):
            return child
    return _stranded_subject(verb)


def _hung_in_quotation(verb: Token) -> Token | None:
    """ "“…,” Tulsa police Chief Chuck Jordan said": a verb the parser coordinated with (or
    hung from) the quoted clause before it has its speaker between the quotation and it."""
    if verb.head.i >= verb.i or not _quoted_apart(verb.head, verb):
        return None
    return _stranded_subject(verb)


def _relative(verb: Token) -> Token | None:
    """ "Kuleba, who said": the noun the relative clause hangs from."""
    return verb.head if verb.dep_ == "relcl" else None


def _controller(verb: Token) -> Token | None:
    """ "pressed Stumpf to admit": the object of the verb it completes; "he has been dragged
    before the committee to defend it": the passive's subject."""
    if verb.dep_ not in ("xcomp", "advcl") or verb.i <= verb.head.i:
        return None
    controller = next((c for c in verb.head.children
                       if (c.dep_ == "dobj" and verb.dep_ == "xcomp" or c.dep_ == "nsubjpass") and c.i < verb.i), None)
    if controller is not None and (is_name(controller) or controller.pos_ == "PRON"):
        return controller
    return None



def _stranded_subject(verb: Token) -> Token | None:
    """ "“…,” Bill Eastland, wearing a cowboy hat, said": the name between the closing quote
    mark and a subjectless verb, which the parser hung inside the quoted clause."""
    doc = verb.doc
    close = next((i for i in range(verb.i - 1, max(verb.i - _STRANDED_WINDOW, 0) - 1, -1) if doc[i].is_quote), None)
    if close is None:
        return None
    named = [t for t in doc[close + 1:verb.i] if is_name(t) or t.tag_ == "PRP"]
    if not named:
        return None
    # a person's name before a place's ("Tulsa police Chief Chuck Jordan")
    tok = next((t for t in named if t.ent_type_ == "PERSON"), named[0])
    while tok.dep_ == "compound" and tok.head.i < verb.i:
        tok = tok.head
    return tok


def _apposition_as_subject(subject: Token, subjects: list[Token]) -> Token | None:
    """ "Ban Ki-moon, the secretary general of the United Nations, vowed": a description
    set off by commas that the parser made a second subject is the name's apposition."""
    return next((c for c in subjects if is_name(c) and subject in appositions(c)), None)


def _apposed_before(subject: Token, verb: Token) -> Token:
    """ "..., Viktor Orban, the official Xinhua news agency said": the phrase next to the verb."""
    if subject.i < verb.i:
        for child in subject.children:  # not a floating "all" ("X, Y and Z all said")
            if child.dep_ == "appos" and child.right_edge.i == verb.i - 1 and not is_party_tag(child) \
                    and child.pos_ in ("NOUN", "PROPN"):
                return child
    return subject


def statement_issuer(head: Token, statement_nouns: frozenset[str]) -> Token | None:
    """For "a statement released by the Kremlin", "the Kremlin's statement" or "a Bloomberg
    poll": the issuer."""
    if head.lemma_.lower() not in statement_nouns:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < head.i:
            return child
        if child.dep_ == "acl":
            found = _agent(child)
            if found is not None:
                return found
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ("by", "from"):
                    for obj in grand.children:
                        if obj.dep_ == "pobj":
                            return obj
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None
