"""The article's named people and organisations: every name mention linked to one entity.

Names come from the gazetteer, the named entities, and capitalised names after a
title ("Sen. Lindqvist") that the tagger missed. Mentions of one entity are clustered
the way news writes them: the full name, then the surname alone (or the given name
where the article uses it), with or without an honorific or a possessive, and
close spelling variants of one name ("Dmitro"/"Dmytro Kuleba", "Lindqvist"/
"Lindquist"). A short form links to the entity of that surname mentioned most
(then most recently) before it, else to the first one named after it. The canonical
name is the gazetteer's, else the fullest form the article gives.

Every lookup goes through an index (``personindex.py``: surname, initial, given name;
here: normalised organisation names), so the cost grows with the number of names, not
with its square.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..lexicon.words import Words
from ..text.folding import lookup_key, name_word
from ..text.scan import capitalised
from ..text.sentences import sentence_number
from .entities import Entity, NameMention
from .entry import Entry
from .forms import NameForm, bare, guessed_gender
from .gazetteer import Gazetteer
from .personindex import PersonIndex, same_gender
from .spans import (
    NameCandidate,
    find_names,
    strip_name,
    titled,
    titled_gender,
    words_in,
)


class NameRegistry:
    """Every name in one document, clustered into entities (see the module docstring)."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, words: Words) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.words = words
        self.entities: list[Entity] = []
        self.mentions: list[NameMention] = []  # by start token
        self._starts: list[int] = []
        self.by_token: dict[int, NameMention] = {}
        self._by_entry: dict[str, Entity] = {}
        self._by_org: dict[str, Entity] = {}
        self._people = PersonIndex()
        self._groups: dict[tuple[int, ...], Entity] = {}
        self._collect()

    # -- lookups -----------------------------------------------------------------------
    def sentence_of(self, token_index: int) -> int:
        return sentence_number(self.doc[token_index])

    def before(self, token_index: int) -> Iterator[NameMention]:
        """Mentions ending at or before ``token_index``, nearest first (callers stop early)."""
        for k in range(bisect_right(self._starts, token_index) - 1, -1, -1):
            if self.mentions[k].end <= token_index:
                yield self.mentions[k]

    def after(self, token_index: int) -> Iterator[NameMention]:
        """Mentions starting at or after ``token_index``, nearest first."""
        for k in range(bisect_left(self._starts, token_index), len(self.mentions)):
            yield self.mentions[k]

    # -- building ----------------------------------------------------------------------
    def _collect(self) -> None:
        chosen = find_names(self.doc, self.gazetteer, self.words)
        for cand in chosen:  # known people first, so that variants and surnames find them
            if cand.entry is not None and cand.entry.kind == "person":
                self._gazetteer_entity(cand.entry)
        people = [c for c in chosen if c.kind == "person" and c.entry is None and words_in(c.span) > 1]
        others = [c for c in chosen if c not in people]
        for cand in sorted(people, key=lambda c: c.span.start):  # full names first: short forms link to them
            self._add(cand.span, self._person(NameForm.parse(cand.span.text), cand.gender))
        for cand in sorted(others, key=lambda c: c.span.start):
            entity = self._entity_for(cand)
            if entity is not None:
                self._add(cand.span, entity)
        # the tagger misses some mentions of a name it found elsewhere: every capitalised
        # word that is a known person's surname (or a spelling of it: "Brant" for "Brandt") is
        # a mention of them
        for i in capitalised(self.doc):
            tok = self.doc[i]
            if tok.i not in self.by_token and tok.is_title and tok.pos_ in ("PROPN", "NOUN") \
                    and self._people.surname_candidates(name_word(tok.text)) and not (
                        tok.i > 0 and self.doc[tok.i - 1].is_title and self.doc[tok.i - 1].pos_ == "PROPN"):
                self.person_named(tok)

    def _add(self, span: Span, entity: Entity, described: bool = False) -> NameMention:
        explicit = not described and lookup_key(entity.name) in lookup_key(span.text)
        root = span.root
        mention = NameMention(entity, span.start, span.end, self.sentence_of(span.start),
                              root.dep_ in ("nsubj", "nsubjpass") or root.head.dep_ == "nsubj", explicit, described)
        at = bisect_left(self._starts, span.start)
        self._starts.insert(at, span.start)
        self.mentions.insert(at, mention)
        insort(entity.mentions, mention, key=lambda m: m.start)
        for i in range(span.start, span.end):
            self.by_token[i] = mention
        return mention

    def _entity_for(self, cand: NameCandidate) -> Entity | None:
        text = cand.span.text
        if cand.entry is not None:
            if len(cand.span) == 1 and lookup_key(text) != lookup_key(cand.entry.name):
                person = self._people.by_surname(name_word(text), cand.span.start)  # "Jordan", "Washington": a person here
                if person is not None:
                    return person
            return self._gazetteer_entity(cand.entry)
        entry = self.gazetteer.lookup(text)
        if entry is not None:
            return self._gazetteer_entity(entry)
        if words_in(cand.span) == 1:
            word = name_word(text)
            person = self._people.by_surname(word, cand.span.start, cand.gender) or self._people.by_given(word, cand.span.start)
            if person is not None:
                person.gender = person.gender or cand.gender
                return person  # whatever the tagger guessed the short name to be
            if cand.kind == "person":
                return self._person(NameForm.parse(text), cand.gender)
        if cand.kind == "organization":
            return self._organization(text)
        return self._person(NameForm.parse(text), cand.gender)

    def link(self, span: Span, kind: str | None = None) -> Entity:
        """The entity a name the registry has not seen refers to ("“...,” added Novak."),
        added as a mention so that later pronouns can find it; ``kind`` if the context
        says ("the official Xinhua news agency")."""
        known = self.by_token.get(span.root.i)
        if known is not None:
            return known.entity
        name = strip_name(span, self.words, True) or span
        gender = titled_gender(name, self.words)
        if kind is None:
            given = titled(name, self.words)
            person = name.root.ent_type_ == "PERSON" or self._people.by_surname(name_word(name.text), name.start)
            kind = given or ("person" if person else "organization")
        entity = self._entity_for(NameCandidate(name, None, kind, False, gender))
        self._add(name, entity)
        return entity

    def person_named(self, token: Token) -> Entity | None:
        """The person whose surname (or given name) this capitalised word is, if the article
        names one ("Fields" in "Fields said", which the tagger read as a common noun), added
        as a mention of theirs."""
        known = self.by_token.get(token.i)
        if known is not None:
            return known.entity
        word = name_word(token.text)
        person = self._people.by_surname(word, token.i) or self._people.by_given(word, token.i)
        if person is not None:
            self._add(token.doc[token.i:token.i + 1], person)
        return person

    def mention(self, span: Span, entity: Entity) -> None:
        """Another mention of ``entity`` (a description that refers to it), where no name is."""
        if not any(i in self.by_token for i in range(span.start, span.end)):
            self._add(span, entity, described=True)

    def known(self, entry: Entry) -> Entity:
        """The entity of a gazetteer entry, whether or not the article names it."""
        return self._gazetteer_entity(entry)

    def group(self, members: tuple[Entity, ...]) -> Entity:
        """One entity for several people quoted together ("the two men")."""
        key = tuple(id(m) for m in members)
        if key not in self._groups:
            names = [m.name for m in members]
            self._groups[key] = Entity(" and ".join([", ".join(names[:-1]), names[-1]]), "group", members=members)
        return self._groups[key]

    def _gazetteer_entity(self, entry: Entry) -> Entity:
        entity = self._by_entry.get(entry.name)
        if entity is None:
            entity = Entity(entry.name, entry.kind or "person", entry, entry.gender)
            self._by_entry[entry.name] = entity
            self._register(entity)
            if entity.kind == "person":
                for name in entry.names():
                    form = NameForm.parse(name)
                    entity.add_form(form)
                    self._people.add(entity, form)
            else:
                self._by_org.setdefault(lookup_key(entry.name), entity)
        return entity

    def _person(self, form: NameForm, gender: str | None = None) -> Entity:
        # one person if no form of theirs says otherwise: "Ines Okafor" is not the "Tomas
        # Okafor" who is also "Okafor"
        entity = next((e for e in self._people.surname_candidates(form.last)
                       if e.kind == "person" and all(form.compatible(f) for f in e.forms)
                       and same_gender(e.gender, gender)), None)
        if entity is None:
            entity = Entity(form.text, "person")
            self._register(entity)
        entity.add_form(form)
        self._people.add(entity, form)
        if entity.gender is None:  # the gazetteer's, else a courtesy title's, else the given name's
            entity.gender = gender or guessed_gender(form)
        return entity

    def organization(self, text: str) -> Entity:
        """The organisation of this name (made if new), without a mention of its own: "the
        Okafor campaign" overlaps Okafor's mention."""
        return self._organization(text)

    def _organization(self, text: str) -> Entity:
        text = bare(text)
        key = lookup_key(text)
        entity = self._by_org.get(key) or self._by_org.get(_initials(text))
        if entity is None:
            entity = Entity(" ".join(text.split()), "organization")
            self._register(entity)
            self._by_org[key] = entity
            initials = _initials(text)
            if len(initials) >= 2:
                self._by_org.setdefault(initials, entity)  # "DNC" after "Democratic National Committee"
        return entity

    def _register(self, entity: Entity) -> None:
        self.entities.append(entity)



def _initials(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[:1].isupper()).lower()
