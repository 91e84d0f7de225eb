"""Resolving speaker mentions to canonical speakers.

The article's named speakers are collected first (gazetteer aliases and named
entities), with the roles the text gives them. A quote's source mention is then
resolved in document order:

* a name links to its gazetteer entry or to the full name used in the article
  ("Peskov" -> "Dmitry Peskov"), resolution ``explicit`` or ``alias``;
* a pronoun takes the most salient compatible antecedent: recent, a subject,
  a previous speaker (``coreference``);
* a described speaker ("the Russian official", "China's foreign minister", "the
  statement") takes the nearest known speaker whose role, organisation and
  country fit every descriptive word, before it or else later in the article
  (``coreference``), else a unique gazetteer match (``gazetteer``);
* anything else keeps a description and no name (``unresolved``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .gazetteer import Entry, Gazetteer, normalize
from .mentions import is_name, mention_span, nearest_name
from .results import Mention, Speaker
from .roles import (ANONYMOUS_HEADS, HONORIFICS, NEUTRAL_MODIFIERS, ORGANIZATION_HEADS, PERSON_HEADS,
                    PRONOUNS, RELATIVE_HEADS, TextRole, clean, description_of, relative_role, role_for_name)

_GENERIC_HEADS = {"official", "man", "woman", "leader", "politician", "diplomat", "spokesperson"}
_SPOKES = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"}
_INDEFINITE = {"a", "an", "some", "several", "many", "one", "two", "three", "other", "another", "few", "most"}
_SENTENCE_WINDOW = 5


@dataclass(eq=False)
class Entity:
    """A speaker known in this article."""

    name: str
    kind: str
    entry: Entry | None = None
    gender: str | None = None
    words: set[str] = field(default_factory=set)
    roles: list[TextRole] = field(default_factory=list)
    coref_roles: list[tuple[int, str]] = field(default_factory=list)
    members: tuple["Entity", ...] = ()
    roles_read: bool = False

    def description_words(self, demonyms: dict[str, str]) -> set[str]:
        """Words that may describe this speaker: role, organisation, country and its adjective."""
        parts = [r.text for r in self.roles] + [text for _, text in self.coref_roles]
        if self.entry is not None:
            parts += [self.entry.role or "", self.entry.organization or "", self.entry.country or ""]
            if self.kind == "organization":
                parts.append(self.entry.name)
        words = {w.strip(",.'’").lower().removesuffix("'s").removesuffix("’s") for p in parts for w in p.split()}
        country_of = {v: k for k, v in demonyms.items()}
        for phrase in list(words) + [p.lower() for p in parts]:
            if phrase in demonyms:
                words |= set(demonyms[phrase].split())
            if phrase in country_of:
                words.add(country_of[phrase])
        if self.kind == "organization" and self.entry is None:
            words |= self.words
        return words - {""}


@dataclass
class NameMention:
    entity: Entity
    start: int  # token indices
    end: int
    sent_start: int
    is_subject: bool


def _sent_index(doc: Doc) -> dict[int, int]:
    return {sent.start: n for n, sent in enumerate(doc.sents)}


class SpeakerResolver:
    """Per-document speaker registry and resolver; use once per Doc."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, matcher: PhraseMatcher,
                 statement_nouns: frozenset[str]) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.matcher = matcher
        self.statement_nouns = statement_nouns
        self.demonyms = gazetteer.by_demonym()
        self.entities: dict[str, Entity] = {}
        self.mentions: list[NameMention] = []
        self.by_token: dict[int, NameMention] = {}
        self.history: list[tuple[int, Entity]] = []  # (token index, entity) of resolved speakers
        self._sent_no = _sent_index(doc)
        self._collect_names()

    # -- building the registry -------------------------------------------------
    def _collect_names(self) -> None:
        doc = self.doc
        spans: list[tuple[Span, Entry | None, str]] = []
        for match_id, start, end in self.matcher(doc):
            entry = self.gazetteer.entries.get(doc.vocab.strings[match_id])
            if entry is not None and not _inside_longer_name(doc[start:end]):
                spans.append((doc[start:end], entry, entry.kind))
        for ent in doc.ents:
            # the small models tag odd words as names ("Heavily sanctioned ..."): want a proper noun
            if ent.label_ in ("PERSON", "ORG", "GPE") and any(t.pos_ == "PROPN" for t in ent):
                kind = "person" if ent.label_ == "PERSON" else "organization"
                spans.append((ent, None, kind))
        # gazetteer names first (they are curated), then longest, then leftmost
        spans.sort(key=lambda s: (s[1] is None, -(s[0].end - s[0].start), s[0].start))
        taken: set[int] = set()
        chosen = []
        for span, entry, kind in spans:
            span = _strip_name(span)
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, entry, kind))
        chosen.sort(key=lambda s: s[0].start)
        for span, entry, kind in chosen:
            entity = self._entity_for_name(span, entry, kind)
            if entity is None:
                continue
            mention = NameMention(entity, span.start, span.end, span.sent.start,
                                  span.root.dep_ in ("nsubj", "nsubjpass") or span.root.head.dep_ == "nsubj")
            self.mentions.append(mention)
            for i in range(span.start, span.end):
                self.by_token[i] = mention

    def _entity_for_name(self, span: Span, entry: Entry | None, kind: str) -> Entity | None:
        text = clean(span.text)
        entry = entry or self.gazetteer.lookup(text)
        if entry is not None:
            return self._entity(entry.name, entry.kind, entry)
        words = {w.lower() for w in text.split()}
        # a partial name refers to the full name used before ("Kuleba" -> "Dmytro Kuleba"),
        # whatever the tagger guessed the short name to be
        for mention in reversed(self.mentions):
            ent = mention.entity
            if ent.kind == "person" and words <= ent.words:
                return ent
        if kind == "person":
            for ent in self.entities.values():
                if ent.kind == "person" and ent.words and ent.words <= words and len(words) > len(ent.words):
                    # a fuller name after a short one: upgrade the canonical name
                    del self.entities[normalize(ent.name)]
                    ent.name, ent.words = text, words
                    self.entities[normalize(text)] = ent
                    return ent
        return self._entity(text, kind, None)

    def _entity(self, name: str, kind: str, entry: Entry | None) -> Entity:
        key = normalize(name)
        if key not in self.entities:
            self.entities[key] = Entity(name=name, kind=kind, entry=entry,
                                        gender=entry.gender if entry else None,
                                        words={w.lower() for w in name.split()})
        return self.entities[key]

    def _relative(self, role: TextRole) -> str | None:
        possessor = role.relative_to
        if possessor is None:
            return None
        owner = self._pronoun(possessor)
        if owner is None:
            return None
        return relative_role(role.qualifier, self.role_of(owner)[0], set(self.demonyms))

    # -- roles -------------------------------------------------------------------
    def _read_roles(self, entity: Entity) -> None:
        """Roles stated at the entity's name mentions; read only for speakers (it is not free)."""
        if entity.roles_read:
            return
        entity.roles_read = True
        for mention in self.mentions:
            if mention.entity is not entity:
                continue
            role = role_for_name(self.doc[mention.start:mention.end])
            if role is None:
                continue
            if role.source == "relative":
                text = self._relative(role)
                if text:
                    entity.roles.append(TextRole(text, role.position, "relative"))
            elif role.text and normalize(role.text) != normalize(entity.name):
                entity.roles.append(role)

    def role_of(self, entity: Entity) -> tuple[str | None, str | None, str | None]:
        """(role, role_source, organization): the first role the article states, else the gazetteer's."""
        self._read_roles(entity)
        stated = [(r.position, r.text, r.source, r.organization) for r in entity.roles if r.text]
        stated += [(pos, text, "text", None) for pos, text in entity.coref_roles]
        organization = entity.entry.organization if entity.entry else None
        if stated:
            _, text, source, org = min(stated, key=lambda r: r[0])
            return text, source, org or organization
        if entity.entry is not None and entity.entry.role:
            return entity.entry.role, "gazetteer", organization
        return None, None, organization

    def final_role(self, name: str) -> tuple[str | None, str | None, str | None] | None:
        """The article-level role of a named speaker, once the whole article is read."""
        entity = self.entities.get(normalize(name))
        if entity is None or entity.members:
            return None
        return self.role_of(entity)

    # -- resolution ----------------------------------------------------------------
    def resolve(self, source: Token | None) -> Speaker | None:
        """The Speaker for a source head token (None if the quote has no source)."""
        if source is None:
            return None
        head = nearest_name(source)
        span = mention_span(head)
        entity, resolution = self._resolve_head(head, span)
        mention = Mention(span.text, span.start_char, span.end_char, _mention_kind(head, resolution))
        if entity is None:
            description = description_of(span) or None
            if head.pos_ == "PRON":
                description = None
            lemma = head.lemma_.lower()
            # "the Chinese Foreign Ministry spokesman" with no name: the description is the role
            role = description if lemma in PERSON_HEADS and lemma not in ANONYMOUS_HEADS else None
            return Speaker(None, _kind_of_description(head), role, "text" if role else None, None,
                           "unresolved", mention, description)
        self.history.append((head.i, entity))
        if entity.members:
            return Speaker(entity.name, "group", None, None, None, resolution, mention)
        if resolution in ("coreference", "explicit") and head.lemma_.lower() in PERSON_HEADS | ORGANIZATION_HEADS:
            own = {i for i, m in self.by_token.items() if m.entity is entity}
            text = description_of([t for t in span if t.i not in own])
            if text and not any(normalize(text) == normalize(t) for _, t in entity.coref_roles):
                entity.coref_roles.append((span.start, clean(text)))
        role, role_source, organization = self.role_of(entity)
        return Speaker(entity.name, entity.kind, role, role_source, organization, resolution, mention,
                       kb_id=entity.entry.id if entity.entry else None)

    def _resolve_head(self, head: Token, span: Span) -> tuple[Entity | None, str]:
        known = self.by_token.get(head.i)
        if known is not None:
            text = normalize(span.text)
            name = normalize(known.entity.name)
            return known.entity, "explicit" if name in text else "alias"
        lower = head.lower_
        lemma = head.lemma_.lower()
        if head.pos_ == "PRON" or lower in PRONOUNS:
            if lower in ("i", "we", "me", "us", "you"):
                return None, "unresolved"
            found = self._pronoun(head)
            return (found, "coreference") if found is not None else (None, "unresolved")
        if lemma in self.statement_nouns:
            found = self._described(head, span, statement=True)
            return (found, "coreference") if found is not None else (None, "unresolved")
        determiner = span[0].lower_ if len(span) else ""
        if determiner in _INDEFINITE or lemma in ANONYMOUS_HEADS or head.tag_ in ("NNS", "NNPS") and lemma not in ("two",):
            if head.tag_ in ("NNS", "NNPS") and any(c.lower_ in ("two", "both") for c in head.children):
                group = self._group(head)
                if group is not None:
                    return group, "coreference"
            return None, "unresolved"
        if lemma in PERSON_HEADS or lemma in ORGANIZATION_HEADS or lemma in RELATIVE_HEADS:
            named = self._named_inside(head, "person" if lemma in PERSON_HEADS else "organization")
            if named is not None:  # "the official Xinhua news agency"
                return named, "explicit"
            return self._described_or_gazetteer(head, span)
        if is_name(head):
            entry = self.gazetteer.lookup(span.text) or self.gazetteer.lookup(head.text)
            if entry is not None:
                return self._entity(entry.name, entry.kind, entry), "gazetteer"
            return self._entity(clean(span.text), "person" if head.ent_type_ == "PERSON" else "organization",
                                None), "explicit"
        return None, "unresolved"

    def _named_inside(self, head: Token, kind: str) -> Entity | None:
        """A name compounded into a description of the same kind names the speaker."""
        for child in head.children:
            mention = self.by_token.get(child.i)
            if child.dep_ == "compound" and mention is not None and mention.entity.kind == kind:
                return mention.entity
        return None

    def _described_or_gazetteer(self, head: Token, span: Span) -> tuple[Entity | None, str]:
        found = self._described(head, span)
        if found is not None:
            return found, "coreference"
        words, head_word = self._descriptors(head, span)
        matches = [e for e in self.gazetteer.entries.values()
                   if self._fits_entry(e, words, head_word)]
        if len(matches) == 1:
            entry = matches[0]
            return self._entity(entry.name, entry.kind, entry), "gazetteer"
        return None, "unresolved"

    def _descriptors(self, head: Token, span: Span) -> tuple[set[str], str]:
        words = set()
        for tok in span:
            if tok.i == head.i or tok.is_punct or tok.dep_ in ("det", "case", "predet"):
                continue
            word = tok.lower_.removesuffix("'s").removesuffix("’s")
            if word in NEUTRAL_MODIFIERS or tok.pos_ == "PRON":
                continue
            words.add(word)
        return words, head.lemma_.lower()

    def _head_fits(self, head_word: str, described: set[str], kind: str) -> bool:
        if head_word in _GENERIC_HEADS and kind == "person":
            return True
        if head_word in _SPOKES:
            return bool(described & _SPOKES)
        return head_word in described

    def _fits(self, entity: Entity, words: set[str], head_word: str, kind: str | None) -> bool:
        if kind is not None and entity.kind != kind:
            return False
        self._read_roles(entity)
        described = entity.description_words(self.demonyms)
        if head_word and not self._head_fits(head_word, described, entity.kind):
            return False
        return words <= described | entity.words

    def _fits_entry(self, entry: Entry, words: set[str], head_word: str) -> bool:
        if not entry.role or entry.kind != "person":
            return False
        probe = Entity(entry.name, entry.kind, entry)
        return bool(words) and self._fits(probe, words, head_word, "person")

    def _described(self, head: Token, span: Span, statement: bool = False) -> Entity | None:
        words, head_word = self._descriptors(head, span)
        if statement:
            # "the statement", "the newspaper report": whoever last issued something
            for _, entity in reversed(self.history):
                self._read_roles(entity)
                if words <= entity.description_words(self.demonyms) | entity.words:
                    return entity
            return None
        kind = "person" if head_word in PERSON_HEADS else "organization"
        if head_word in RELATIVE_HEADS:
            return None
        before = [m for m in self.mentions if m.end <= head.i]
        # later: in a later sentence ("The minister ... . Qin Gang ..."), not the clause's own
        # object or reported content ("The senator endorsed Ted Cruz")
        sent_end = head.sent.end
        after = [m for m in self.mentions if m.start >= sent_end]
        for mention in sorted(before, key=lambda m: -m.start):
            if self._fits(mention.entity, words, head_word, kind):
                return mention.entity
        for mention in after:
            if self._fits(mention.entity, words, head_word, kind):
                return mention.entity
        return None

    def _group(self, head: Token) -> Entity | None:
        """ "the two men", "they": the last two people named together."""
        persons: list[Entity] = []
        for mention in sorted((m for m in self.mentions if m.end <= head.i), key=lambda m: -m.start):
            if mention.entity.kind == "person" and mention.entity not in persons and not mention.entity.members:
                persons.append(mention.entity)
            if len(persons) == 2:
                break
        if len(persons) < 2:
            return None
        members = tuple(sorted(persons, key=lambda e: self._first_position(e)))
        name = " and ".join(e.name for e in members)
        group = self.entities.setdefault(normalize(name), Entity(name=name, kind="group", members=members))
        return group

    def _first_position(self, entity: Entity) -> int:
        return min((m.start for m in self.mentions if m.entity is entity), default=0)

    def _pronoun(self, pron: Token) -> Entity | None:
        """Most salient compatible antecedent: recent, subject, earlier speaker."""
        info = PRONOUNS.get(pron.lower_, {"kind": "any", "number": "any"})
        if info.get("number") == "plural":
            group = self._group(pron)
            org = self._salient(pron, lambda e: e.kind == "organization")
            if org is not None and (group is None or self._last_seen(org) > self._last_seen(group)):
                return org
            return group
        want_kind = info.get("kind")
        gender = info.get("gender")

        def compatible(entity: Entity) -> bool:
            if entity.members:
                return False
            if want_kind == "person":
                return entity.kind == "person" and (entity.gender is None or gender is None or entity.gender == gender)
            if want_kind == "organization":
                return entity.kind == "organization"
            return True

        found = self._salient(pron, compatible)
        if found is not None:
            return found
        for _, entity in reversed(self.history):
            if compatible(entity):
                return entity
        if want_kind == "person":
            # translated text uses "he" for a country: the previous sentence's subject
            sent_no = self._sent_no.get(pron.sent.start, 0)
            for mention in reversed(self.mentions):
                if mention.end <= pron.i and mention.is_subject and \
                        sent_no - self._sent_no.get(mention.sent_start, 0) == 1:
                    return mention.entity
        return None

    def _last_seen(self, entity: Entity) -> int:
        return max((m.start for m in self.mentions if m.entity is entity), default=-1)

    def _salient(self, pron: Token, compatible) -> Entity | None:
        sent_no = self._sent_no.get(pron.sent.start, 0)
        speakers = {id(e) for _, e in self.history[-4:]}
        best, best_score = None, None
        for mention in self.mentions:
            if mention.end > pron.i:
                break
            distance = sent_no - self._sent_no.get(mention.sent_start, 0)
            if distance > _SENTENCE_WINDOW or not compatible(mention.entity):
                continue
            if distance == 0 and _inside_quote_content(mention, pron):
                continue
            score = -distance + (0.75 if mention.is_subject else 0.0) + \
                (1.0 if id(mention.entity) in speakers else 0.0) + mention.start * 1e-6
            if best_score is None or score > best_score:
                best, best_score = mention.entity, score
        return best


def _inside_quote_content(mention: NameMention, pron: Token) -> bool:
    """A name in the same clause as the pronoun's verb is not its antecedent (binding)."""
    return mention.start >= pron.head.left_edge.i and mention.end <= pron.head.right_edge.i + 1 \
        and pron.dep_ in ("nsubj", "nsubjpass") and mention.entity.kind == "person"


def _mention_kind(head: Token, resolution: str) -> str:
    if resolution == "explicit":
        return "name"
    if resolution == "alias":
        return "alias"
    return "pronoun" if head.pos_ == "PRON" or head.lower_ in PRONOUNS else "description"


def _kind_of_description(head: Token) -> str:
    lemma = head.lemma_.lower()
    if lemma in ORGANIZATION_HEADS:
        return "organization"
    if lemma in PERSON_HEADS or lemma in ANONYMOUS_HEADS or head.ent_type_ == "PERSON":
        return "person"
    return "unknown"


def _inside_longer_name(span: Span) -> bool:
    """ "Russia" in "Carnegie Russia Eurasia Center" is part of another name, not a mention."""
    root = span.root
    head = root.head
    return root.dep_ == "compound" and head.pos_ == "PROPN" and not (span.start <= head.i < span.end) \
        and head.ent_type_ in ("ORG", "FAC") and head.lemma_.lower() not in PERSON_HEADS


def _strip_name(span: Span) -> Span | None:
    """A name without leading titles/articles and trailing possessive ("President Xi's" -> "Xi")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in HONORIFICS or doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    for i in range(start, end):  # a headline's "China Announces" is a name and a verb
        if any(c.dep_ == "nsubj" for c in doc[i].children):
            end = i
            break
    # a case-insensitive match takes in lower-case description: "Xinhua news agency" -> "Xinhua"
    while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct
                           or (doc[end - 1].is_lower and end - 1 > start)):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]

