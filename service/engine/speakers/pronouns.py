"""Pronouns: which named entity "he", "she", "it" or "they" stands for.

* "he", "she", "it" take the most salient compatible antecedent (``salience.py``): gender
  and kind must agree, a name inside the pronoun's own clause is not its antecedent
  (binding), and a possessive in a phrase fronted before the subject refers to that subject
  (cataphora: "In a call with his counterpart, China's foreign minister says");
* plural "they" takes the nearest plural subject before it: people named together are a
  group, a plural noun ("party officials said ... they") is no one named, and only without
  one does it fall back to a salient organisation or the last two people named.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import islice
from typing import Callable

from spacy.tokens import Span, Token

from ..lexicon.words import Words
from ..names.entities import Entity
from ..names.registry import NameRegistry
from ..text.sentences import sentence
from .salience import NEAREST, Salience, main_clause

Describe = Callable[[Token, Span], tuple[Entity | None, str]]


class Pronouns:
    """Pronoun resolution over one document's name registry."""

    def __init__(self, registry: NameRegistry, words: Words, salience: Salience, describe: Describe) -> None:
        self.registry = registry
        self.words = words
        self.salience = salience
        self.describe = describe  # a description's entity, for "his" fronted before "the minister"

    def resolve(self, pron: Token) -> Entity | None:
        """Most salient compatible antecedent: recent, subject, earlier speaker."""
        info = self.words.pronouns.get(pron.lower_)
        if info is None:  # "that", "someone": no antecedent to find
            return None
        if info.get("number") == "plural":
            subject = self._plural_subject(pron)
            if subject is not None:
                return subject or None
            group = self.group(pron)
            # an organisation may be "they"; a country is "it" (its people are "they", unnamed)
            org = self.salience.most_salient(pron, lambda e: e.kind == "organization" and not (e.entry and e.entry.demonym))
            if org is not None and (group is None or _last_seen(org, pron.i) > _last_seen(group, pron.i)):
                return org
            return group
        want_kind, gender = info.get("kind"), info.get("gender")
        ahead = self._cataphora(pron)
        if ahead is not None and (want_kind != "person" or ahead.kind == "person"):
            return ahead

        def compatible(entity: Entity) -> bool:
            if entity.members:
                return False
            if want_kind == "person":
                return entity.kind == "person" and (entity.gender is None or gender is None or entity.gender == gender)
            if want_kind == "organization":
                return entity.kind == "organization"
            return True

        found = self.salience.most_salient(pron, compatible)
        if found is not None:
            return found
        for _, entity in reversed(self.salience.history):
            if compatible(entity):
                return entity
        if want_kind == "person":
            # translated text uses "he" for a country: the previous sentence's subject
            sent = self.registry.sentence_of(pron.i)
            for mention in islice(self.registry.before(pron.i), NEAREST):
                if mention.sent < sent - 1:
                    break
                if mention.is_subject and mention.sent == sent - 1:
                    return mention.entity
        return None

    def _plural_subject(self, pron: Token) -> Entity | bool | None:
        """The entity the nearest main-clause subject before ``pron`` (this sentence or the
        one before, outside quotations) names, if it is plural: a group for conjoined names, an organisation
        named as a subject; False for a plural noun, which names no one; None when there
        is no plural subject to go by."""
        doc = pron.doc
        here = sentence(pron)
        start = sentence(doc[here.start - 1]).start if here.start > 0 else here.start
        for i in range(pron.i - 1, start - 1, -1):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass") or self.salience.quoted(tok.idx) or not main_clause(tok.head):
                continue
            if tok.lower_ in self.words.pronouns:
                if self.words.pronouns[tok.lower_].get("number") == "plural":
                    continue  # "they reversed themselves and said they ...": the same antecedent
                return None
            named = [self.registry.by_token.get(t.i) for t in (tok, *tok.conjuncts)]
            if len(named) > 1:
                people = tuple(dict.fromkeys(m.entity for m in named if m is not None and m.entity.kind == "person"))
                return self.registry.group(people) if len(people) == len(named) else False
            if named[0] is not None:
                return named[0].entity if named[0].entity.kind == "organization" else None
            return False if tok.tag_ in ("NNS", "NNPS") else None
        return None

    def _cataphora(self, pron: Token) -> Entity | None:
        """ "In a call with his counterpart, China's foreign minister says ...": a possessive
        in a phrase fronted before the subject refers to that subject."""
        if pron.dep_ != "poss":
            return None
        cur = pron.head
        for _ in range(6):
            if cur.dep_ == "prep" and cur.head.pos_ in ("VERB", "AUX"):
                verb = cur.head
                subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > cur.right_edge.i), None)
                if subject is None or subject.i > verb.i:
                    return None
                known = self.registry.by_token.get(subject.i)
                if known is not None:
                    return known.entity
                if subject.lemma_.lower() in self.words.person_heads:
                    return self.describe(subject, subject.doc[subject.left_edge.i:subject.i + 1])[0]
                return None
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def group(self, head: Token) -> Entity | None:
        """ "the two men", "they": the last two people named together."""
        persons: list[Entity] = []
        for mention in islice(self.registry.before(head.i), NEAREST):
            entity = mention.entity
            if entity.kind == "person" and entity not in persons and not entity.members:
                persons.append(entity)
            if len(persons) == 2:
                break
        if len(persons) < 2:
            return None
        members = tuple(sorted(persons, key=lambda e: e.mentions[0].start if e.mentions else 0))
        return self.registry.group(members)


def _last_seen(entity: Entity, before: int) -> int:
    k = bisect_left(entity.mentions, before, key=lambda m: m.start)
    return entity.mentions[k - 1].start if k else -1
