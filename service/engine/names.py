"""The article's named people and organisations: every name mention linked to one entity.

Names come from the gazetteer, the named entities, and capitalised names after a
title ("Sen. Warren") that the tagger missed. Mentions of one entity are clustered
the way news writes them: the full name, then the surname alone (or the given name
where the article uses it), with or without an honorific or a possessive, and
close spelling variants of one name ("Dmitro"/"Dmytro Kuleba", "Zelensky"/
"Zelenskyy"). A short form links to the entity of that surname mentioned most
(then most recently) before it, else to the first one named after it. The canonical
name is the gazetteer's, else the fullest form the article gives.

Every lookup goes through an index (surname, initial, normalised name), so the cost
grows with the number of names, not with its square.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from gender_guesser.detector import Detector
from nameparser import HumanName
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from .gazetteer import Entry, Gazetteer, normalize
from .words import Words
from .scan import capitalised
from .sentences import sentence_number

_NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_VARIANT_SIMILARITY = 0.8  # normalised Levenshtein similarity of two spellings of one name
_MAX_NAME_WORDS = 6
_GUESSED = {"male": "m", "female": "f"}  # gender_guesser's sure answers ("mostly_..." are not)


def fold(word: str) -> str:
    """A word as names are compared: lower case, no accents, no dots or apostrophes."""
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).lower().strip(".'’")


@lru_cache(maxsize=1)
def _detector() -> Detector:
    return Detector(case_sensitive=False)


def similar(a: str, b: str) -> bool:
    """Two folded words are one name spelled two ways ("dmitro"/"dmytro")."""
    if a == b:
        return True
    return (min(len(a), len(b)) >= 4 and a[0] == b[0]
            and Levenshtein.normalized_similarity(a, b) >= _VARIANT_SIMILARITY)


@dataclass(frozen=True)
class NameForm:
    """One way the article writes a name, split into its parts."""

    text: str
    first: str | None  # folded given name, None for a single name
    last: str  # folded surname (or the whole single name)
    suffix: str | None
    size: int  # words, for "fullest form"

    @classmethod
    def parse(cls, text: str) -> "NameForm":
        text = _bare(text)
        parts = HumanName(text)
        words = [fold(w) for w in text.replace("-", " - ").split() if fold(w) not in ("", "-")]
        suffix = fold(parts.suffix) or None
        words = [w for w in words if w not in _SUFFIXES]
        last = fold(parts.last.split()[-1]) if parts.last else (words[-1] if words else fold(text))
        first = fold(parts.first) if parts.first and len(words) > 1 else None
        return cls(text, first, last, suffix if suffix in _SUFFIXES else None, len(text.split()))

    def compatible(self, other: "NameForm") -> bool:
        """One person: same or variant surname, and given names that do not differ."""
        if not similar(self.last, other.last) or self.suffix != other.suffix:
            return False
        if self.first is None or other.first is None:
            return True
        a, b = self.first, other.first
        return similar(a, b) or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


@dataclass(eq=False)
class Entity:
    """A person, organisation or group the article names."""

    name: str
    kind: str  # person | organization | group
    entry: Entry | None = None
    gender: str | None = None
    forms: list[NameForm] = field(default_factory=list)
    mentions: list["NameMention"] = field(default_factory=list)
    members: tuple["Entity", ...] = ()

    def add_form(self, form: NameForm) -> None:
        if form not in self.forms:
            self.forms.append(form)
        fullest = max(self.forms, key=lambda f: f.size)  # first of the fullest
        if self.entry is None and self.kind == "person" and fullest.size > len(self.name.split()):
            self.name = fullest.text

    @property
    def surnames(self) -> set[str]:
        return {f.last for f in self.forms}

    @property
    def given_names(self) -> set[str]:
        return {f.first for f in self.forms if f.first}


@dataclass(eq=False)
class NameMention:
    """Tokens ``start``..``end`` (exclusive) name ``entity``."""

    entity: Entity
    start: int
    end: int
    sent: int  # sentence number
    is_subject: bool
    explicit: bool  # the words contain the canonical name (else a surname, variant or alias)


@dataclass
class _Candidate:
    span: Span
    entry: Entry | None
    kind: str
    titled: bool  # a person's title or honorific stands before it
    gender: str | None = None  # what a courtesy title before it says ("Mrs. Clinton")


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
        self._by_last: dict[str, list[Entity]] = {}
        self._by_initial: dict[str, list[Entity]] = {}
        self._by_first: dict[str, list[Entity]] = {}
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
        chosen = _non_overlapping(self._candidates())
        for cand in chosen:  # known people first, so that variants and surnames find them
            if cand.entry is not None and cand.entry.kind == "person":
                self._gazetteer_entity(cand.entry)
        people = [c for c in chosen if c.kind == "person" and c.entry is None and _words(c.span) > 1]
        others = [c for c in chosen if c not in people]
        for cand in sorted(people, key=lambda c: c.span.start):  # full names first: short forms link to them
            self._add(cand.span, self._person(NameForm.parse(cand.span.text), cand.gender))
        for cand in sorted(others, key=lambda c: c.span.start):
            entity = self._entity_for(cand)
            if entity is not None:
                self._add(cand.span, entity)
        # the tagger misses some mentions of a name it found elsewhere: every capitalised
        # word that is a known person's surname is a mention of them
        for i in capitalised(self.doc):
            tok = self.doc[i]
            if tok.i not in self.by_token and tok.is_title and tok.pos_ in ("PROPN", "NOUN") \
                    and fold(tok.text) in self._by_last and not (tok.i > 0 and self.doc[tok.i - 1].is_title
                                                                  and self.doc[tok.i - 1].pos_ == "PROPN"):
                self.person_named(tok)

    def _candidates(self) -> list[_Candidate]:
        doc, words = self.doc, self.words
        found: list[_Candidate] = []
        for match in self.gazetteer.matches(doc):
            span = doc[match.start:match.end]
            if not _inside_longer_name(span):
                found.append(_Candidate(span, match.entry, match.entry.kind or "person", False))
        for ent in doc.ents:
            # the small models tag odd words as names ("Heavily sanctioned ..."): want a proper noun
            if ent.label_ in _NAME_LABELS and any(t.pos_ == "PROPN" for t in ent):
                if ent.label_ == "PERSON":
                    ent = _with_given_names(ent, words)
                found.append(_titled_person(ent, words) or _Candidate(ent, None, _NAME_LABELS[ent.label_], False))
        for i in capitalised(doc):  # "Sen. Warren": a capitalised name after a title the tagger left out
            tok = doc[i]
            if words.is_title(tok.lower_) and tok.i + 1 < len(doc) and _capitalised(doc[tok.i + 1]):
                end = tok.i + 1
                while end < len(doc) and end - tok.i <= 3 and _capitalised(doc[end]):
                    end += 1
                found.append(_Candidate(doc[tok.i + 1:end], None, "person", True))
        out = []
        for cand in found:
            span = _strip_name(cand.span, words, cand.kind == "person" or cand.titled)
            if span is None or len(span) > _MAX_NAME_WORDS:
                continue
            titled = "person" if cand.titled else _titled(span, words)
            kind = titled if titled and cand.entry is None else cand.kind
            out.append(_Candidate(span, cand.entry, kind, titled == "person", _titled_gender(span, words)))
        return out

    def _add(self, span: Span, entity: Entity) -> NameMention:
        explicit = normalize(entity.name) in normalize(span.text)
        root = span.root
        mention = NameMention(entity, span.start, span.end, self.sentence_of(span.start),
                              root.dep_ in ("nsubj", "nsubjpass") or root.head.dep_ == "nsubj", explicit)
        at = bisect_left(self._starts, span.start)
        self._starts.insert(at, span.start)
        self.mentions.insert(at, mention)
        insort(entity.mentions, mention, key=lambda m: m.start)
        for i in range(span.start, span.end):
            self.by_token[i] = mention
        return mention

    def _entity_for(self, cand: _Candidate) -> Entity | None:
        text = cand.span.text
        if cand.entry is not None:
            if len(cand.span) == 1 and normalize(text) != normalize(cand.entry.name):
                person = self._by_surname(fold(text), cand.span.start)  # "Jordan", "Washington": a person here
                if person is not None:
                    return person
            return self._gazetteer_entity(cand.entry)
        entry = self.gazetteer.lookup(text)
        if entry is not None:
            return self._gazetteer_entity(entry)
        if _words(cand.span) == 1:
            word = fold(text)
            person = self._by_surname(word, cand.span.start, cand.gender) or self._by_given(word, cand.span.start)
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
        name = _strip_name(span, self.words, True) or span
        gender = _titled_gender(name, self.words)
        if kind is None:
            titled = _titled(name, self.words)
            person = name.root.ent_type_ == "PERSON" or self._by_surname(fold(name.text), name.start)
            kind = titled or ("person" if person else "organization")
        entity = self._entity_for(_Candidate(name, None, kind, False, gender))
        self._add(name, entity)
        return entity

    def person_named(self, token: Token) -> Entity | None:
        """The person whose surname (or given name) this capitalised word is, if the article
        names one ("Fields" in "Fields said", which the tagger read as a common noun), added
        as a mention of theirs."""
        known = self.by_token.get(token.i)
        if known is not None:
            return known.entity
        word = fold(token.text)
        person = self._by_surname(word, token.i) or self._by_given(word, token.i)
        if person is not None:
            self._add(token.doc[token.i:token.i + 1], person)
        return person

    def known(self, entry: Entry) -> Entity:
        """The entity of a gazetteer entry, whether or not the article names it."""
        return self._gazetteer_entity(entry)

    def group(self, members: tuple[Entity, ...]) -> Entity:
        """One entity for several people quoted together ("the two men")."""
        key = tuple(id(m) for m in members)
        if key not in self._groups:
            self._groups[key] = Entity(" and ".join(m.name for m in members), "group", members=members)
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
                    self._index_form(entity, form)
            else:
                self._by_org.setdefault(normalize(entry.name), entity)
        return entity

    def _person(self, form: NameForm, gender: str | None = None) -> Entity:
        # one person if no form of theirs says otherwise: "Ivanka Trump" is not the "Donald
        # Trump" who is also "Trump"
        entity = next((e for e in self._surname_candidates(form.last)
                       if e.kind == "person" and all(form.compatible(f) for f in e.forms)
                       and _same_gender(e.gender, gender)), None)
        if entity is None:
            entity = Entity(form.text, "person")
            self._register(entity)
        entity.add_form(form)
        self._index_form(entity, form)
        if entity.gender is None:  # the gazetteer's, else a courtesy title's, else the given name's
            entity.gender = gender or (_GUESSED.get(_detector().get_gender(form.text.split()[0]))
                                       if form.first else None)
        return entity

    def organization(self, text: str) -> Entity:
        """The organisation of this name (made if new), without a mention of its own: "the
        Trump campaign" overlaps Trump's mention."""
        return self._organization(text)

    def _organization(self, text: str) -> Entity:
        text = _bare(text)
        key = normalize(text)
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

    def _index_form(self, entity: Entity, form: NameForm) -> None:
        for key, index in ((form.last, self._by_last), (form.last[:1], self._by_initial),
                           (form.first, self._by_first)):
            if key and entity not in index.setdefault(key, []):
                index[key].append(entity)

    def _surname_candidates(self, last: str) -> list[Entity]:
        exact = self._by_last.get(last, [])
        if exact:
            return exact
        return [e for e in self._by_initial.get(last[:1], []) if any(similar(last, s) for s in e.surnames)]

    def _by_surname(self, word: str, position: int, gender: str | None = None) -> Entity | None:
        return self._most_likely([e for e in self._surname_candidates(word) if e.kind == "person"
                                  and _same_gender(e.gender, gender)], position)

    def _by_given(self, word: str, position: int) -> Entity | None:
        return self._most_likely([e for e in self._by_first.get(word, []) if e.kind == "person"], position)

    @staticmethod
    def _most_likely(entities: list[Entity], position: int) -> Entity | None:
        """Of the entities a short name may stand for: the one mentioned most before
        ``position`` (then the most recent), else the first named after it."""
        if len(entities) <= 1:
            return entities[0] if entities else None
        seen = []
        for entity in entities:
            count = bisect_left(entity.mentions, position, key=lambda m: m.start)
            seen.append((count, entity.mentions[count - 1].start if count else -1, entity))
        count, _, best = max(seen, key=lambda s: (s[0], s[1]))
        if count:
            return best
        return min(entities, key=lambda e: e.mentions[0].start if e.mentions else position)


def _non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, gazetteer names first among equals, then leftmost."""
    taken: set[int] = set()
    chosen = []
    for cand in sorted(cands, key=lambda c: (-len(c.span), c.entry is None, c.span.start)):
        if any(i in taken for i in range(cand.span.start, cand.span.end)):
            continue
        taken.update(range(cand.span.start, cand.span.end))
        chosen.append(cand)
    return chosen


def _words(span: Span) -> int:
    return sum(1 for t in span if not t.is_punct)


def _capitalised(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[:1].isupper()).lower()


def _with_given_names(ent: Span, words: Words) -> Span:
    """A person's name with the capitalised words before it the tagger left out ("Ivanka"
    of "Ivanka Trump" tagged as "Trump")."""
    doc, start = ent.doc, ent.start
    while start > 0 and ent.start - start < 2:
        tok = doc[start - 1]
        if not (tok.pos_ == "PROPN" and tok.is_title and tok.dep_ == "compound" and tok.head.i >= ent.start
                and not tok.ent_type_ and not words.is_title(tok.lower_)
                and tok.lemma_.lower() not in words.role_heads):
            break
        start -= 1
    return Span(doc, start, ent.end, label=ent.label_)


def _titled_person(ent: Span, words: Words) -> _Candidate | None:
    """ "Kazakh President Kassym-Jomart Tokayev" tagged as one organisation or person: a
    person's title inside the entity, and the name after it."""
    for tok in reversed(ent[:-1]):
        if tok.lemma_.lower() in words.person_heads or words.is_title(tok.lower_):
            rest = ent.doc[tok.i + 1:ent.end]
            if all(t.pos_ == "PROPN" or t.is_punct for t in rest) and rest[0].is_title:
                return _Candidate(rest, None, "person", True)
            return None
    return None


def _same_gender(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _titled_gender(span: Span, words: Words) -> str | None:
    """ "m" or "f" where a courtesy title stands before the name ("Mr. Sperling")."""
    if span.start == 0:
        return None
    before = span.doc[span.start - 1].lower_
    return "m" if before in words.male_titles else "f" if before in words.female_titles else None


def _titled(span: Span, words: Words) -> str | None:
    """The kind the word directly before a name gives it: a person's title or honorific
    ("Sen. Warren", "spokesman Dmitry Peskov"), or an organisation noun ("state television CCTV")."""
    if span.start == 0:
        return None
    before = span.doc[span.start - 1]
    if words.is_title(before.lower_) or (before.lemma_.lower() in words.person_heads
                                         and before.pos_ in ("NOUN", "PROPN")):
        return "person"
    if before.lemma_.lower() in words.organization_heads and before.pos_ == "NOUN":
        return "organization"
    return None


def _inside_longer_name(span: Span) -> bool:
    """ "Russia" in "Carnegie Russia Eurasia Center" is part of another name, not a mention."""
    root = span.root
    head = root.head
    return root.dep_ == "compound" and head.pos_ == "PROPN" and not (span.start <= head.i < span.end) \
        and head.ent_type_ in ("ORG", "FAC")


def _strip_name(span: Span, words: Words, person: bool) -> Span | None:
    """A name without leading titles/articles and trailing possessive ("President Xi's" -> "Xi").
    An organisation's name keeps words that are titles only in nameparser's wide sense
    ("Major League Baseball")."""
    start, end = span.start, span.end
    doc = span.doc

    def title(tok: Token) -> bool:
        if not person:
            return tok.lower_ in words.honorifics
        # a role noun the tagger took into the name ("Assemblywoman Claudia Tenney"), if a
        # name of two words is left
        return words.is_title(tok.lower_) or (tok.lemma_.lower() in words.person_heads and end - tok.i > 2)

    while start < end - 1 and (title(doc[start]) or doc[start].dep_ == "det" or _no_letters(doc[start])):
        start += 1  # the last word stays: "Mr. King" is "King", never nothing
    for i in range(start, end):  # a headline's "China Announces" is a name and a verb; no name has a comma
        if any(c.dep_ == "nsubj" for c in doc[i].children) or doc[i].text == ",":
            end = i
            break
    # a case-insensitive match takes in lower-case description: "Xinhua news agency" -> "Xinhua"
    while end > start and (doc[end - 1].dep_ == "case" or _no_letters(doc[end - 1])
                           or (doc[end - 1].is_lower and end - 1 > start)):
        end -= 1
    while end < len(doc) and end > start and _joined(doc, end):
        end += 2  # "Park Geun-hye", which the tagger may cut at its hyphen
    if start >= end or "\n" in doc[start:end].text or _no_letters(doc[start]) or \
            (end - start == 1 and (doc[start].lower_ in words.courtesy_titles or doc[start].text.endswith("."))):
        return None
    return doc[start:end]


def _bare(text: str) -> str:
    """A name without what clings to its first or last word: "-Craig Fehrman" (a list's
    dash), "Trump‘s" (a possessive the tokenizer left on)."""
    text = text.strip()
    while text and not text[0].isalnum():
        text = text[1:]
    for suffix in ("'s", "’s", "‘s"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[:-len(suffix)]
    return text


def _no_letters(tok: Token) -> bool:
    """Punctuation, symbols, emoji: nothing of a name."""
    return not any(c.isalpha() for c in tok.text)


def _joined(doc: Doc, end: int) -> bool:
    """Tokens ``end`` and ``end + 1`` continue the word before them: a hyphen and a word with
    no space around ("Geun" + "-" + "hye")."""
    return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_ and doc[end + 1].is_alpha
