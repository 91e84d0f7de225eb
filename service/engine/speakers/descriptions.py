"""Descriptions: which named entity "the Russian official", "China's foreign minister" or
"the statement" stands for.

A description takes the nearest entity whose roles, organisation and country fit every
descriptive word, before it or else in a later sentence; failing that, a role written
before its name ("China's foreign minister says ... Qin Gang told") takes the next person
named without a role of their own, else the most salient such person before it. A
statement noun ("the poll", "the statement") stands for whoever an earlier mention of the
same noun names as its issuer (a headline's bare "Poll:", the one the article goes on to
name), else (for what a speaker issues, not what an outlet publishes) whoever last
spoke, an organisation first.
"""
from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from ..lexicon.cues import CueLexicon
from ..lexicon.words import Words
from ..names.entities import Entity, NameMention
from ..names.registry import NameRegistry
from ..roles.book import RoleBook
from ..sources.mentions import ISSUER_PREPOSITIONS
from ..text.folding import lookup_key, without_possessive
from ..text.sentences import sentence
from .salience import NEAREST, Salience

_FORWARD_SENTENCES = 3  # how far ahead a role stated before its name may find the name
_ISSUER_WINDOW = 400  # tokens back to an earlier "a Bloomberg poll" for "the poll"


class Descriptions:
    """Description resolution over one document's name registry."""

    def __init__(self, registry: NameRegistry, words: Words, lexicon: CueLexicon, salience: Salience) -> None:
        self.registry = registry
        self.words = words
        self.lexicon = lexicon
        self.salience = salience
        self.roles: RoleBook | None = None  # set by the resolver (roles and descriptions need each other)

    def named_inside(self, head: Token, kind: str) -> Entity | None:
        """A name compounded into a description names the speaker: the organisation itself
        ("the official Xinhua news agency"), or, with an affiliation noun, the organisation of
        that name ("the Lindqvist campaign", "the Okafor administration", named as written)."""
        for child in head.children:
            if child.dep_ != "compound" or not (child.pos_ == "PROPN" and child.is_title or child.is_upper):
                continue
            if head.lemma_.lower() in self.words.affiliation_heads:
                return self.registry.organization(head.doc[child.left_edge.i:head.i + 1].text)
            mention = self.registry.by_token.get(child.i)
            entity = mention.entity if mention is not None else self.registry.link(
                head.doc[child.left_edge.i:child.i + 1], kind)
            if entity.kind == kind:
                return entity
        return None

    def described(self, head: Token, span: Span) -> tuple[Entity | None, str]:
        """The entity a description stands for (resolution ``coreference``), if any."""
        words, head_word = self.descriptors(head, span)
        if head.lemma_.lower() in self.lexicon.statement_nouns:
            if not any(c.dep_ in ("det", "poss") and c.lower_ not in self.words.indefinite_determiners
                       for c in head.children):
                if self.registry.sentence_of(head.i) == 0 and head.tag_ == "NN":
                    # a headline's "Poll: ..." is the poll the article goes on to name
                    issuer = self._issuer(head, forward=True)
                    return (issuer, "coreference") if issuer is not None else (None, "unresolved")
                return None, "unresolved"  # "polls show", "a letter says": not one known statement
            issuer = self._issuer(head)
            if issuer is not None or head_word in self.lexicon.published_nouns:
                return (issuer, "coreference") if issuer is not None else (None, "unresolved")
            # "the statement", "the newspaper report": whoever last issued something, an
            # organisation first
            fitting = [e for _, e in reversed(self.salience.history[-NEAREST:])
                       if not e.members and words <= self.roles.description_words(e) | _name_words(e)]
            found = next((e for e in fitting if e.kind == "organization"), fitting[0] if fitting else None)
            return (found, "coreference") if found is not None else (None, "unresolved")
        if head_word in self.words.relative_heads:
            return None, "unresolved"
        kind = "person" if head_word in self.words.person_heads or head_word in self.words.party_words \
            else "organization"
        seen: set[int] = set()
        for mention in islice(self.registry.before(head.i), NEAREST):
            if self._fits_once(mention, seen, words, head_word, kind):
                return mention.entity, "coreference"
        # later: in a later sentence ("The minister ... . Qin Gang ..."), not the clause's own
        # object or reported content ("The senator endorsed Mara Lindqvist")
        for mention in islice(self.registry.after(sentence(head).end), NEAREST):
            if self._fits_once(mention, seen, words, head_word, kind):
                return mention.entity, "coreference"
        if kind == "person" and head_word not in self.words.generic_heads and not _relational(head):
            found = self.introduced(head) or self.salience.most_salient(head, self._roleless)
            if found is not None:
                return found, "coreference"
        if kind == "organization" and head_word not in self.words.country_descriptions and \
                any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the bank", "the company": the organisation the text is about, not a country
            found = self.salience.most_salient(head, lambda e: e.kind == "organization" and not (e.entry and e.entry.demonym))
            if found is not None:
                return found, "coreference"
        return None, "unresolved"

    def _issuer(self, head: Token, forward: bool = False) -> Entity | None:
        """ "A Bloomberg poll ... The poll found", "The ministry issued a statement. The
        statement said": who an earlier (``forward``: a later) mention of the same noun said
        issued it -- a name compounded with it or owning it, one it is "from" or "by", or the
        subject of the verb whose object it is."""
        lemma = head.lemma_.lower()
        doc = head.doc
        window = doc[head.i + 1:head.i + 1 + _ISSUER_WINDOW] if forward else \
            reversed(doc[max(0, head.i - _ISSUER_WINDOW):head.i])
        for tok in window:
            if tok.lemma_.lower() != lemma:
                continue
            issuers = [c for c in tok.children if c.dep_ in ("compound", "poss")]
            issuers += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ISSUER_PREPOSITIONS
                        for g in c.children if g.dep_ == "pobj"]
            if tok.dep_ == "dobj":
                issuers += [c for c in tok.head.children if c.dep_ == "nsubj"]
            for issuer in issuers:
                named = self.registry.by_token.get(issuer.i)
                if named is not None and not named.entity.members:
                    return named.entity
        return None

    def introduced(self, head: Token) -> Entity | None:
        """A role introduced before the name ("China's foreign minister says ... Qin Gang told",
        "A former party chairman says ... said Felix Aalto"): the next person named in the
        following few sentences, if the article gives them no role of their own -- for "a
        spokesman", someone new, not a person the article named before."""
        sent = self.registry.sentence_of(head.i)
        indefinite = any(c.dep_ == "det" and c.lower_ in self.words.indefinite_articles for c in head.children)
        for mention in islice(self.registry.after(sentence(head).end), NEAREST):
            if mention.sent > sent + _FORWARD_SENTENCES:
                break
            if self._roleless(mention.entity) and (mention.entity.mentions[0].start > head.i or not indefinite):
                return mention.entity
        return None

    def _roleless(self, entity: Entity) -> bool:
        """A person the article gives no role: a description of someone may be theirs."""
        return entity.kind == "person" and not entity.members and not self.roles.stated(entity)

    def descriptors(self, head: Token, span: Span) -> tuple[set[str], str]:
        """The words of a description that must fit its entity, and its head word."""
        words = set()
        for tok in span:
            if tok.i == head.i or tok.is_punct or tok.dep_ in ("det", "case", "predet"):
                continue
            word = without_possessive(tok.lower_)
            if word in self.words.neutral_modifiers or tok.pos_ == "PRON":
                continue
            words.add(word)
        return words, head.lemma_.lower()

    def _fits_once(self, mention: NameMention, seen: set[int], words: set[str], head_word: str, kind: str) -> bool:
        if id(mention.entity) in seen:
            return False
        seen.add(id(mention.entity))
        return self._fits(mention.entity, words, head_word, kind)

    def _fits(self, entity: Entity, words: set[str], head_word: str, kind: str | None) -> bool:
        if (kind is not None and entity.kind != kind) or entity.members:
            return False
        described = self.roles.description_words(entity)
        if head_word and not self._head_fits(head_word, described, entity.kind):
            return False
        return words <= described | _name_words(entity)

    def _head_fits(self, head_word: str, described: set[str], kind: str) -> bool:
        if head_word in self.words.generic_heads and kind == "person":
            return True
        if head_word in self.words.spokes:
            return bool(described & self.words.spokes)
        return head_word in described or bool(described & self.words.role_synonyms.get(head_word, frozenset()))


def _relational(head: Token) -> bool:
    """ "Baker's spokeswoman", "his aide": someone described by their relation to another
    person, who is not that person and rarely one the article names without a role
    ("China's foreign minister" is a title, not a relation)."""
    return any(c.dep_ == "poss" and (c.pos_ == "PRON" or c.ent_type_ == "PERSON") for c in head.children)


def _name_words(entity: Entity) -> set[str]:
    return {w.lower() for w in lookup_key(entity.name).split()}
