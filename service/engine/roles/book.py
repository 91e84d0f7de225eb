"""Every role the article states for each entity, and the one a quote reports.

A person is often introduced with a title ("Interior Minister Jan Novak") and quoted
later by surname ("..., added Novak") or description ("the minister said"): the role
of every quote is the most specific one the article states for that entity anywhere
(at any name mention, or in a description coreference linked to it), and the
gazetteer's role only where the text gives none.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Token

from ..names.entities import Entity
from ..names.entry import Entry
from ..text.folding import label, lookup_key, without_possessive
from ..text.partytags import tag_after, tag_words
from .labels import TextRole, relative_role
from .reader import RoleReader

Role = tuple[str | None, str | None, str | None]  # (role, role_source, organization)


class RoleBook:
    """Roles by entity, read lazily: only speakers' roles are ever read."""

    def __init__(self, doc: Doc, reader: RoleReader, demonyms: dict[str, str],
                 possessor: Callable[[Token], Entity | None], quoted: Callable[[int], bool]) -> None:
        self.doc = doc
        self.reader = reader
        self.quoted = quoted  # is this character inside a quotation?
        self.role_heads = reader.words.role_heads | reader.words.honorifics
        self.types = reader.words.organization_types
        self.demonyms = demonyms
        self.possessor = possessor
        self._stated: dict[int, list[TextRole]] = {}  # by id: entities live as long as the document
        self._resolving: set[int] = set()
        self._at_names: dict[tuple[int, int], tuple[list[str], set[str]]] = {}

    def stated(self, entity: Entity) -> list[TextRole]:
        """The roles stated at the entity's name mentions and in descriptions of it."""
        key = id(entity)
        if key not in self._stated:
            self._stated[key] = []
            for mention in entity.mentions:
                role = self.reader.at_name(self.doc[mention.start:mention.end], entity.kind)
                if role is not None:
                    self._add(entity, role)
        return self._stated[key]

    def describe(self, entity: Entity, text: str, position: int) -> None:
        """A description coreference linked to the entity ("the spokesperson", "the bank")
        states a role."""
        text = label(text)
        if entity.entry is not None and entity.entry.demonym:
            return  # "the country", "the regime": what a government is called, not a role
        if text and not set(lookup_key(text).split()) <= set(lookup_key(entity.name).split()) and \
                all(lookup_key(text) != lookup_key(r.text) for r in self.stated(entity)):
            self._stated[id(entity)].append(TextRole(text, position, "text"))

    def _add(self, entity: Entity, role: TextRole) -> None:
        if role.source == "relative":
            if id(entity) in self._resolving:
                return
            self._resolving.add(id(entity))
            try:
                text = self._relative(role)
            finally:
                self._resolving.discard(id(entity))
            if not text:
                return
            role = TextRole(text, role.position, "relative")
        if role.text and lookup_key(role.text) != lookup_key(entity.name):
            self._stated[id(entity)].append(role)

    def _relative(self, role: TextRole) -> str | None:
        owner = self.possessor(role.relative_to) if role.relative_to is not None else None
        if owner is None:
            return None
        return relative_role(role.qualifier, self.role_of(owner)[0], set(self.demonyms))

    def role_of(self, entity: Entity) -> Role:
        """The most specific role the article states for the entity, else the gazetteer's."""
        organization = entity.entry.organization if entity.entry else None
        if entity.members:
            return None, None, None
        stated = self.stated(entity)
        if stated:
            best = max(stated, key=self._specificity)
            return best.text, best.source, best.organization or organization
        if entity.entry is not None and entity.entry.role:
            return entity.entry.role, "gazetteer", organization
        return None, None, organization

    def _specificity(self, role: TextRole) -> tuple[bool, bool, int, int]:
        """How good a role is to report: stated in the article's own voice rather than inside
        someone's quoted words; a title (a role noun of the lexicon: "President", "nominee")
        rather than a characterisation ("central broker of the agreement"); then the most
        words; then the first stated."""
        words = role.text.split()
        titled = any(w.lower().strip(".,'") in self.role_heads for w in words)
        return not self.quoted(self.doc[role.position].idx), titled, len(words), -role.position

    def description_words(self, entity: Entity) -> set[str]:
        """Words that may describe the entity: its roles, organisation, country and demonym."""
        at_names, tagged = self._described_at_names(entity)
        words = self.words_of([r.text for r in self.stated(entity)] + at_names, entity.entry, entity.kind)
        words |= tagged
        if entity.entry is not None and entity.entry.demonym:
            words |= self.reader.words.country_descriptions
        if entity.kind == "organization":
            names = {w.lower() for w in entity.name.split()}
            words |= names
            for name in names:
                words |= self.types.get(name, frozenset())
        return words

    def _described_at_names(self, entity: Entity) -> tuple[list[str], set[str]]:
        """What the entity's name mentions say it is, and the words of a party-and-state tag
        after any of them ("Mara Lindqvist (R-Ore.)": "the Oregon Republican"); read once per
        set of mentions, not on every description tried against the entity."""
        key = (id(entity), len(entity.mentions))
        if key not in self._at_names:
            texts: list[str] = []
            tagged: set[str] = set()
            for m in entity.mentions:
                name = self.doc[m.start:m.end]
                texts += self.reader.described_at_name(name, entity.kind)
                tag = tag_after(name)
                if tag is not None:
                    tagged |= tag_words(tag, self.reader.words.party_initials)
            self._at_names[key] = (texts, tagged)
        return self._at_names[key]

    def words_of(self, roles: list[str], entry: Entry | None, kind: str) -> set[str]:
        """The words of these roles and of a gazetteer entry's role, organisation and country,
        with each country's demonym and each demonym's country."""
        parts = list(roles)
        if entry is not None:
            parts += [entry.role or "", entry.organization or "", entry.country or ""]
            if kind == "organization":
                parts.append(entry.name)
        words = {without_possessive(w.strip(",.'’").lower()) for p in parts for w in p.split()}
        country_of = {v: k for k, v in self.demonyms.items()}
        for phrase in list(words) + [p.lower() for p in parts]:
            if phrase in self.demonyms:
                words |= set(self.demonyms[phrase].split())
            if phrase in country_of:
                words.add(country_of[phrase])
        return words - {""}
