"""Resolving a quote's source mention to a Speaker.

The document's names are registered and clustered first (``names.registry``); a source
mention is then resolved in document order:

* a name is its registry entity (``explicit`` when it contains the canonical name,
  else ``alias``: a surname, spelling variant, or place standing for a government);
* a pronoun goes through ``pronouns``, a description through ``descriptions``
  (``coreference``);
* anything else keeps a description and no name (``unresolved``).

Roles come from the role book (``roles.book``): the most specific role the article states for the
entity anywhere, so every quote of one speaker carries the same role, once the whole
article has been read (``final``).
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..lexicon.cues import CueLexicon
from ..lexicon.words import Words
from ..names.entities import Entity
from ..names.gazetteer import Gazetteer
from ..names.keys import speaker_key
from ..names.registry import NameRegistry
from ..results import Mention, Speaker
from ..roles.book import RoleBook
from ..roles.labels import description_of
from ..roles.reader import RoleReader
from ..sources.mentions import is_name, mention_span, nearest_name, outside_parentheses
from ..text.folding import lookup_key
from ..text.partytags import is_party_tag
from .descriptions import Descriptions
from .pronouns import Pronouns
from .salience import Salience
from .stated import closing_author, read_described_subjects, read_stated_roles


class SpeakerResolver:
    """Per-document speaker resolution; use once per Doc."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, words: Words, lexicon: CueLexicon,
                 quoted: Callable[[int], bool]) -> None:
        self.doc = doc
        self.words = words
        self.registry = NameRegistry(doc, gazetteer, words)
        self.salience = Salience(self.registry, quoted)
        self.descriptions = Descriptions(self.registry, words, lexicon, self.salience)
        self.pronouns = Pronouns(self.registry, words, self.salience, self.descriptions.described)
        self.roles = RoleBook(doc, RoleReader(words), gazetteer.by_demonym(), self.pronouns.resolve, quoted)
        self.descriptions.roles = self.roles
        self._entities: dict[tuple, Entity] = {}  # by Speaker.doc_key
        self._linked: dict[int, list[Mention]] = {}  # pronoun and description mentions, by entity id
        read_described_subjects(doc, words, self.registry, self.descriptions, self.roles)

    def resolve(self, source: Token | None) -> Speaker | None:
        """The Speaker for a source head token (None if the quote has no source)."""
        if source is None:
            return None
        head = outside_parentheses(nearest_name(source, self.words.person_heads))
        span = mention_span(head)
        entity, resolution = self._resolve_head(head, span)
        mention = Mention(span.text, span.start_char, span.end_char, self._mention_kind(head, resolution))
        if entity is None:
            return self._unnamed(head, span, mention)
        self.salience.history.append((head.i, entity))
        self._linked.setdefault(id(entity), []).append(mention)
        if entity.members:
            speaker = Speaker(entity.name, "group", None, None, None, resolution, mention)
        else:
            if resolution in ("coreference", "explicit") and head.lemma_.lower() in self.words.role_heads:
                own = {i for i, m in self.registry.by_token.items() if m.entity is entity
                       and span.start <= i < span.end}
                self.roles.describe(entity, description_of([t for t in span if t.i not in own], self.words),
                                    span.start)
            role, role_source, organization = self.roles.role_of(entity)
            speaker = Speaker(entity.name, entity.kind, role, role_source, organization, resolution, mention,
                              kb_id=entity.entry.id if entity.entry else None)
        self._entities[speaker.doc_key] = entity
        return speaker

    @cached_property
    def author(self) -> Entity | None:
        """The opinion piece's author, for "I" in the article's own voice."""
        return closing_author(self.doc, self.registry)

    def read_descriptions(self) -> None:
        """Roles stated of pronouns and by relation (``stated``), once the quotes' speakers
        are known; descriptions as subjects are read first, in ``__init__``."""
        read_stated_roles(self.doc, self.words, self.pronouns, self.descriptions, self.roles)

    def final(self, speaker: Speaker) -> Speaker:
        """The speaker with the article-level role and the fullest name, once every quote has
        been resolved, and the key that names them across documents."""
        entity = self._entities.get(speaker.doc_key)
        if entity is None or entity.members:
            return speaker
        role, role_source, organization = self.roles.role_of(entity)
        return replace(speaker, name=entity.name, role=role, role_source=role_source, organization=organization,
                       key=speaker_key(entity, self.words))

    def mentions(self, speaker: Speaker) -> list[Mention]:
        """Every mention of the speaker the engine linked: its names, and the pronouns and
        descriptions resolved to it as sources."""
        entity = self._entities.get(speaker.doc_key)
        if entity is None:
            return [speaker.mention] if speaker.mention is not None else []
        doc = self.doc
        found = {(m.start, m.end): m for m in self._linked.get(id(entity), [])}
        for m in entity.mentions:  # the registry's names, which say whether they are the full name
            span = doc[m.start:m.end]
            kind = "description" if m.described else "name" if m.explicit else "alias"
            found[span.start_char, span.end_char] = Mention(span.text, span.start_char, span.end_char, kind)
        return sorted(found.values(), key=lambda m: (m.start, m.end))

    # -- resolution ---------------------------------------------------------------------
    def _resolve_head(self, head: Token, span: Span) -> tuple[Entity | None, str]:
        # "Sens. Mara Lindqvist and Tomas Okafor said": both speak; "The Press and five other
        # papers said": several parties, not all named, are no one speaker
        if head.lower_ in self.words.floating_quantifiers and head.dep_ in ("nsubj", "nsubjpass"):
            return self._floating(head)
        # "Mara Lindqvist, R-Tenn., and Tomas Okafor": the parser may hang the second on the tag,
        # and "A (D-Ore.), B (D-Ohio) and C" make B an apposition of A: a name is no description
        apposed = [c for c in head.children if c.dep_ == "appos" and c.i > head.i and (is_party_tag(c) or is_name(c))]
        holders = [head, *apposed]
        # ... or hang B and C under an "all" apposed to A
        counted = [t for c in head.children if c.dep_ == "appos" and c.lower_ in self.words.floating_quantifiers
                   for t in _counted(c)]
        conjuncts = list(dict.fromkeys([*(c for c in apposed if not is_party_tag(c)), *counted,
                                        *(c for h in holders for c in h.conjuncts if c.i > head.i)]))  # "A, B and C"
        if any(c.tag_ == "NNS" and c.i > head.i for c in conjuncts) and \
                any(c.dep_ == "cc" for h in holders for c in h.children):
            return None, "unresolved"
        entity, resolution = self._resolve_one(head, span)
        if entity is None or entity.kind != "person":
            return entity, resolution
        others = [self._resolve_one(c, mention_span(c))[0] for c in conjuncts if is_name(c)]
        members = [entity] + [e for e in others if e is not None and e.kind == "person" and e is not entity]
        if len(members) > 1:
            return self.registry.group(tuple(members)), resolution
        return entity, resolution

    def _floating(self, head: Token) -> tuple[Entity | None, str]:
        """ "Sens. A (D-Ore.), B (D-Ohio) and C all suggested": the parser may split the names
        between the verb's subject and the quantifier's own phrase; together they speak."""
        names = [c for c in head.head.children if c.dep_ == head.dep_ and c.i < head.i and is_name(c)]
        names += _counted(head)
        people = [e for e in (self._resolve_one(t, mention_span(t))[0] for t in names)
                  if e is not None and e.kind == "person" and not e.members]
        people = list(dict.fromkeys(people))
        if len(people) > 1:
            return self.registry.group(tuple(people)), "coreference"
        return (people[0], "coreference") if people else (None, "unresolved")

    def _resolve_one(self, head: Token, span: Span) -> tuple[Entity | None, str]:
        words = self.words
        known = self.registry.by_token.get(head.i)
        if known is not None:
            if known.described:
                return known.entity, "coreference"
            explicit = lookup_key(known.entity.name) in lookup_key(span.text)
            return known.entity, "explicit" if explicit else "alias"
        named = self.registry.by_token.get(head.head.i) if head.dep_ == "appos" else None
        if named is not None and not named.described and named.entity.kind == "person" \
                and head.lemma_.lower() in words.person_heads and not any(is_name(c) for c in head.children):
            return named.entity, "coreference"  # "Viktor Halden, the secretary general of the alliance,"
        lower, lemma = head.lower_, head.lemma_.lower()
        if head.pos_ == "PRON" or lower in words.pronouns:
            if lower in words.speech_pronouns:
                # "I" in the article's own voice (not inside a quotation) is its author
                author = self.author if lower in words.author_pronouns and not self.salience.quoted(head.idx) else None
                return (author, "coreference") if author is not None else (None, "unresolved")
            found = self.pronouns.resolve(head)
            return (found, "coreference") if found is not None else (None, "unresolved")
        if lemma in self.descriptions.lexicon.statement_nouns:
            return self.descriptions.described(head, span)
        if head.is_title and lemma not in words.role_heads and not is_name(head):  # "Fields said", tagged a plural noun
            person = self.registry.person_named(head)
            if person is not None:
                return person, "alias"
        affiliated = self._affiliation(head)
        if affiliated is not None:
            return affiliated, "coreference"
        determiner = span[0].lower_ if len(span) else ""
        plural = head.tag_ in ("NNS", "NNPS")
        if determiner in words.indefinite_determiners or lemma in words.anonymous_heads or plural:
            # "the two men", "both leaders": people named before; "two speechwriters" are new ones
            if plural and any(c.lower_ in words.group_quantifiers for c in head.children) and \
                    (determiner == "the" or any(c.lower_ == "both" for c in head.children)):
                group = self.pronouns.group(head)
                if group is not None:
                    return group, "coreference"
            if determiner in words.indefinite_articles and lemma in words.person_heads and lemma not in words.anonymous_heads:
                # a news lede: "A former party chairman says ..." and the name a paragraph later
                found = self.descriptions.introduced(head)
                if found is not None:
                    return found, "coreference"
            return None, "unresolved"
        if lower in words.party_words and determiner == "the":  # "the Oregon Republican"
            return self.descriptions.described(head, span)
        if lemma in words.role_heads or lemma in words.relative_heads:
            named = self.descriptions.named_inside(head, "person" if lemma in words.person_heads else "organization")
            if named is not None:  # "the official Xinhua news agency"
                return named, "explicit"
            return self.descriptions.described(head, span)
        if is_name(head):
            entity = self.registry.link(span)
            explicit = lookup_key(entity.name) in lookup_key(span.text)
            return entity, "explicit" if explicit else "alias"
        return None, "unresolved"

    def _affiliation(self, head: Token) -> Entity | None:
        """ "Mara Lindqvist's campaign", "her campaign": the organisation of that person,
        named by surname ("Lindqvist campaign") like "the Lindqvist campaign" is."""
        if head.lemma_.lower() not in self.words.affiliation_heads:
            return None
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None:
            return None
        if owner.pos_ == "PRON":
            person = self.pronouns.resolve(owner) if owner.lower_ not in self.words.speech_pronouns else None
        else:
            known = self.registry.by_token.get(owner.i)
            person = known.entity if known is not None else None
        if person is None or person.kind != "person" or person.members:
            return None
        return self.registry.organization(f"{person.name.split()[-1]} {head.lower_}")

    def _unnamed(self, head: Token, span: Span, mention: Mention) -> Speaker:
        """No name: how the article describes the source ("people familiar with the plan")."""
        words = self.words
        description = None if head.pos_ == "PRON" else description_of(span, words) or None
        lemma = head.lemma_.lower()
        # "the Chinese Foreign Ministry spokesman", "two Republican strategists" with no name: the
        # description is the role (not for "people familiar with the plan", "sources")
        person_noun = lemma in words.person_heads or (head.tag_ == "NNS" and head.pos_ == "NOUN"
                                                      and lemma not in words.organization_heads)
        role = description if person_noun and lemma not in words.anonymous_heads \
            and head.lower_ not in words.anonymous_heads else None
        if lemma in words.organization_heads:
            kind = "organization"
        elif lemma in words.person_heads or lemma in words.anonymous_heads or head.ent_type_ == "PERSON":
            kind = "person"
        else:
            kind = "unknown"
        return Speaker(None, kind, role, "text" if role else None, None, "unresolved", mention, description)

    def _mention_kind(self, head: Token, resolution: str) -> str:
        if resolution == "explicit":
            return "name"
        if resolution == "alias":
            return "alias"
        return "pronoun" if head.pos_ == "PRON" or head.lower_ in self.words.pronouns else "description"


def _counted(quantifier: Token) -> list[Token]:
    """The names a floating "all" counts that the parser hung under it ("B (D-Ohio) and C all")."""
    return [t for t in quantifier.subtree if t.i != quantifier.i and t.dep_ != "compound" and is_name(t)]
