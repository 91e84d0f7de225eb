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

from ..text.partytags import is_party_tag
from ..text.sentences import sentence
from .mentions import agent, appositions, is_name
from .quotedsubjects import (
    hung_in_quotation,
    inverted,
    participle_before_quotation,
    quoted_apart,
)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_MAX_DEPTH = 6  # verbs followed from one cue; bounds a parse that loops through heads
_CLIMB = 6  # heads climbed looking for the reporting verb a participle belongs to


@dataclass(frozen=True)
class SubjectFinder:
    """The speaker of a cue verb, with the lexicon's notion of a reporting verb."""

    quoting_verbs: frozenset[str]
    is_cue: Callable[[Token], bool]
    relative_pronouns: frozenset[str]
    personal_relative_pronouns: frozenset[str]

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
        rules = (lambda: agent(verb), lambda: _fronted_as(verb), lambda: inverted(verb), lambda: hung_in_quotation(verb), lambda: self._after_comma(verb, depth),
                 lambda: self._participle_of_cue(verb, depth), lambda: self._quoted_as(verb, depth),
                 lambda: self._relative(verb), lambda: self._attached_to_noun(verb, depth), lambda: _controller(verb),
                 lambda: self._shared(verb, depth), lambda: self._prepositional(verb, depth))
        for rule in rules:  # in order of trust
            found = rule()
            if found is not None:
                return found
        return None

    def _own_subject(self, verb: Token, surface: bool) -> Token | None | bool:
        """The verb's own subject; False when it has none (a passive without an agent has
        one, but no speaker: None). Outside quotation marks first, nominal before clausal,
        the nearest first: in "“… Okafor puts it,” Brandt notes" the parser may make
        the quoted clause a second subject, and in "“Meh,” wrote a supporter" "Meh" one."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subjects:
            return False
        child = min(subjects, key=lambda c: (quoted_apart(c, verb), c.dep_ == "csubj", abs(c.i - verb.i), c.i))
        if child.pos_ == "ADP":  # "Of Okafor, Brandt ... said": the parser's subject is the preposition
            child = next((c for c in child.children if c.dep_ == "pobj"), child)
        if child.lower_ in self.relative_pronouns and verb.dep_ == "relcl":
            return self._relative(verb)
        if child.dep_ == "nsubjpass":
            return child if surface else agent(verb)
        return _apposition_as_subject(child, subjects) or _apposed_before(child, verb)

    def _relative(self, verb: Token) -> Token | None:
        """ "Kuleba, who said": the noun the relative clause hangs from -- for "who", a person,
        not the place or body the parser hung it on ("Democrats in the statehouse, who have
        argued"): the noun that phrase belongs to."""
        if verb.dep_ != "relcl":
            return None
        head = verb.head
        personal = any(c.lower_ in self.personal_relative_pronouns for c in verb.children if c.dep_ in _SUBJECTS)
        if personal and head.ent_type_ not in ("PERSON", "") and head.dep_ == "pobj" \
                and head.head.head.pos_ in ("NOUN", "PROPN"):
            return head.head.head
        return head

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
        if verb.dep_ == "conj" and head.dep_ == "ccomp" and self.is_cue(verb) \
                and self.is_cue(head.head) and not self.is_cue(head):
            # "X said the party was not in crisis, and urged ...": a reporting verb the parser
            # coordinated into the reported clause reports with the verb that reports it
            return self(head.head, depth + 1)
        if quoted_apart(verb.head, verb):  # a quoted clause's subject is in someone's words
            earlier = participle_before_quotation(verb.head) if verb.tag_ == "VBG" else None
            return self(earlier, depth + 1) if earlier is not None else None
        return self(verb.head, depth + 1, surface=verb.dep_ == "conj")

    def _prepositional(self, verb: Token, depth: int) -> Token | None:
        """ "..., before clarifying that", "After saying he was sorry, the driver ...", "aside
        from saying", "stopped short of calling": the verb the phrase belongs to."""
        if not (verb.dep_ == "pcomp" and verb.head.dep_ == "prep"):
            return None
        cur = verb.head.head
        for _ in range(3):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                break
            cur = cur.head
        return self(cur, depth + 1) if cur.i != verb.head.i else None


def _fronted_as(verb: Token) -> Token | None:
    """ "As Petra Halvorsen put it, …": the parser may read "as" as a preposition and the speaker
    as its object."""
    for child in verb.children:
        if child.lower_ == "as" and child.i < verb.i and child.dep_ in ("mark", "prep"):
            return next((g for g in child.children if g.dep_ == "pobj" and g.i < verb.i), None)
    return None


def _controller(verb: Token) -> Token | None:
    """ "pressed Brandt to admit": the object of the verb it completes; "he has been dragged
    before the committee to defend it": the passive's subject."""
    if verb.dep_ not in ("xcomp", "advcl") or verb.i <= verb.head.i:
        return None
    controller = next((c for c in verb.head.children
                       if (c.dep_ == "dobj" and verb.dep_ == "xcomp" or c.dep_ == "nsubjpass") and c.i < verb.i), None)
    if controller is not None and (is_name(controller) or controller.pos_ == "PRON"):
        return controller
    return None


def _apposition_as_subject(subject: Token, subjects: list[Token]) -> Token | None:
    """ "Viktor Halden, the secretary general of the alliance, vowed": a description
    set off by commas that the parser made a second subject is the name's apposition."""
    return next((c for c in subjects if is_name(c) and subject in appositions(c)), None)


def _apposed_before(subject: Token, verb: Token) -> Token:
    """ "..., Viktor Orban, the official Xinhua news agency said": the phrase next to the verb."""
    if subject.i < verb.i:
        # not a floating "all" ("X, Y and Z all said"), nor the rest of a list of names
        for child in subject.children:
            if child.dep_ == "appos" and child.right_edge.i == verb.i - 1 and not is_party_tag(child) \
                    and child.pos_ in ("NOUN", "PROPN") and not child.conjuncts:
                return child
    return subject
