"""Coreference: which named entity a pronoun or a description stands for.

* a pronoun takes the most salient compatible antecedent: recent, a subject, a
  recent speaker; not a name inside its own clause (binding);
* a description ("the Russian official", "China's foreign minister", "the
  statement") takes the nearest entity whose roles, organisation and country fit
  every descriptive word, before it or else in a later sentence; failing that, a role
  written before its name ("China's foreign minister says ... Qin Gang told") takes
  the next person named without a role of their own, else the most salient such person
  before it;
* plural "they" takes the nearest plural subject before it: people named together are a
  group, a plural noun ("party officials said ... they") is no one named, and only
  without one does it fall back to a salient organisation or the last two people named.

Only a bounded number of the nearest mentions is examined for each, so a text of
thousands of names costs no more per mention than a short article.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import islice
from typing import Callable

from spacy.tokens import Span, Token

from .gazetteer import normalize
from .names import Entity, NameMention, NameRegistry
from .rolebook import RoleBook
from .words import Words
from .sentences import sentence

_SENTENCE_WINDOW = 5  # how far back a pronoun looks, in sentences
_NEAREST = 200  # mentions examined for one pronoun or description
_FORWARD_SENTENCES = 3  # how far ahead a role stated before its name may find the name
_ISSUER_WINDOW = 400  # tokens back to an earlier "a Bloomberg poll" for "the poll"
_INTRODUCED = 1.0  # "... concerns Henry Crespo, president of the caucus. 'No one ...,' he said"
_QUOTED = 3.0  # a name inside quoted words is rarely who speaks them: the last resort


class Coreference:
    """Pronoun and description resolution over one document's name registry."""

    def __init__(self, registry: NameRegistry, words: Words, statement_nouns: frozenset[str],
                 quoted: Callable[[int], bool]) -> None:
        self.registry = registry
        self.quoted = quoted  # is this character inside a quotation?
        self.words = words
        self.statement_nouns = statement_nouns
        self.roles: RoleBook | None = None  # set by the resolver (roles and coreference need each other)
        self.history: list[tuple[int, Entity]] = []  # (token index, entity) of resolved speakers

    # -- pronouns ------------------------------------------------------------------------
    def pronoun(self, pron: Token) -> Entity | None:
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
            org = self._salient(pron, lambda e: e.kind == "organization" and not (e.entry and e.entry.demonym))
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

        found = self._salient(pron, compatible)
        if found is not None:
            return found
        for _, entity in reversed(self.history):
            if compatible(entity):
                return entity
        if want_kind == "person":
            # translated text uses "he" for a country: the previous sentence's subject
            sent = self.registry.sentence_of(pron.i)
            for mention in islice(self.registry.before(pron.i), _NEAREST):
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
            if tok.dep_ not in ("nsubj", "nsubjpass") or self.quoted(tok.idx) or not _main_clause(tok.head):
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
                    return self.described(subject, subject.doc[subject.left_edge.i:subject.i + 1])[0]
                return None
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _salient(self, pron: Token, compatible: Callable[[Entity], bool]) -> Entity | None:
        """Recent sentences first; a subject, the last speaker quoted, and a name in the
        narrative rather than inside someone's quoted words weigh more."""
        sent = self.registry.sentence_of(pron.i)
        speakers = {id(e) for _, e in self.history[-4:]}
        last = id(self.history[-1][1]) if self.history else None
        doc = pron.doc
        best, best_score = None, None
        for mention in islice(self.registry.before(pron.i), _NEAREST):
            distance = sent - mention.sent
            if distance > _SENTENCE_WINDOW:
                break
            if not compatible(mention.entity) or (distance == 0 and _bound(mention, pron)):
                continue
            entity = id(mention.entity)
            score = -distance + (0.75 if mention.is_subject else 0.0) + \
                (1.0 if entity == last else 0.5 if entity in speakers else 0.0) + \
                (_INTRODUCED if distance <= 1 and self._introduction(mention) else 0.0) + \
                (-_QUOTED if self.quoted(doc[mention.start].idx) else 0.0) + mention.start * 1e-6
            if best_score is None or score > best_score:
                best, best_score = mention.entity, score
        return best

    def _introduction(self, mention: NameMention) -> bool:
        """The first mention of a person, introduced with an apposition ("Henry Crespo,
        president of the caucus,"): news introduces someone this way just before quoting them."""
        if mention is not mention.entity.mentions[0] or mention.entity.kind != "person":
            return False
        root = self.registry.doc[mention.start:mention.end].root
        return any(c.dep_ == "appos" for c in root.children)

    def group(self, head: Token) -> Entity | None:
        """ "the two men", "they": the last two people named together."""
        persons: list[Entity] = []
        for mention in islice(self.registry.before(head.i), _NEAREST):
            entity = mention.entity
            if entity.kind == "person" and entity not in persons and not entity.members:
                persons.append(entity)
            if len(persons) == 2:
                break
        if len(persons) < 2:
            return None
        members = tuple(sorted(persons, key=lambda e: e.mentions[0].start if e.mentions else 0))
        return self.registry.group(members)

    # -- descriptions --------------------------------------------------------------------
    def named_inside(self, head: Token, kind: str) -> Entity | None:
        """A name compounded into a description names the speaker: the organisation itself
        ("the official Xinhua news agency"), or, with an affiliation noun, the organisation of
        that name ("the Trump campaign", "the Obama administration", named as written)."""
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
        if head.lemma_.lower() in self.statement_nouns:
            if not any(c.dep_ in ("det", "poss") and c.lower_ not in self.words.indefinite_determiners
                       for c in head.children):
                return None, "unresolved"  # "polls show", "a letter says": not one known statement
            issuer = self._issuer(head)
            if issuer is not None or head_word in self.words.published_nouns:
                return (issuer, "coreference") if issuer is not None else (None, "unresolved")
            # "the statement", "the newspaper report": whoever last issued something, an
            # organisation first
            fitting = [e for _, e in reversed(self.history[-_NEAREST:])
                       if not e.members and words <= self.roles.description_words(e) | _name_words(e)]
            found = next((e for e in fitting if e.kind == "organization"), fitting[0] if fitting else None)
            return (found, "coreference") if found is not None else (None, "unresolved")
        if head_word in self.words.relative_heads:
            return None, "unresolved"
        kind = "person" if head_word in self.words.person_heads else "organization"
        seen: set[int] = set()
        for mention in islice(self.registry.before(head.i), _NEAREST):
            if self._fits_once(mention, seen, words, head_word, kind):
                return mention.entity, "coreference"
        # later: in a later sentence ("The minister ... . Qin Gang ..."), not the clause's own
        # object or reported content ("The senator endorsed Ted Cruz")
        for mention in islice(self.registry.after(sentence(head).end), _NEAREST):
            if self._fits_once(mention, seen, words, head_word, kind):
                return mention.entity, "coreference"
        if kind == "person" and head_word not in self.words.generic_heads and not _relational(head):
            found = self.introduced(head) or self._salient(head, self._roleless)
            if found is not None:
                return found, "coreference"
        if kind == "organization" and head_word not in self.words.country_descriptions and \
                any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the bank", "the company": the organisation the text is about, not a country
            found = self._salient(head, lambda e: e.kind == "organization" and not (e.entry and e.entry.demonym))
            if found is not None:
                return found, "coreference"
        return None, "unresolved"

    def _issuer(self, head: Token) -> Entity | None:
        """ "A Bloomberg poll ... The poll found", "The ministry issued a statement. The
        statement said": who an earlier mention of the same noun said issued it -- a name
        compounded with it or owning it, one it is "from" or "by", or the subject of the verb
        whose object it is."""
        lemma = head.lemma_.lower()
        for tok in reversed(head.doc[max(0, head.i - _ISSUER_WINDOW):head.i]):
            if tok.lemma_.lower() != lemma:
                continue
            issuers = [c for c in tok.children if c.dep_ in ("compound", "poss")]
            issuers += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
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
        "A former party chairman says ... said Don Fowler"): the next person named in the
        following few sentences, if the article gives them no role of their own."""
        sent = self.registry.sentence_of(head.i)
        for mention in islice(self.registry.after(sentence(head).end), _NEAREST):
            if mention.sent > sent + _FORWARD_SENTENCES:
                break
            if self._roleless(mention.entity):
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
            word = tok.lower_.removesuffix("'s").removesuffix("’s")
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
    """ "Gore's spokeswoman", "his aide": someone described by their relation to another
    person, who is not that person and rarely one the article names without a role
    ("China's foreign minister" is a title, not a relation)."""
    return any(c.dep_ == "poss" and (c.pos_ == "PRON" or c.ent_type_ == "PERSON") for c in head.children)


def _name_words(entity: Entity) -> set[str]:
    return {w.lower() for w in normalize(entity.name).split()}


def _last_seen(entity: Entity, before: int) -> int:
    k = bisect_left(entity.mentions, before, key=lambda m: m.start)
    return entity.mentions[k - 1].start if k else -1


def _bound(mention: NameMention, pron: Token) -> bool:
    """A name in the same clause as the pronoun's verb is not its antecedent (binding): "he
    said Obama won". The subject of a clause of its own may be ("McCaskill scolded him:
    '...,' she said")."""
    return mention.start >= pron.head.left_edge.i and mention.end <= pron.head.right_edge.i + 1 \
        and pron.dep_ in ("nsubj", "nsubjpass") and mention.entity.kind == "person" and not mention.is_subject


def _main_clause(verb: Token) -> bool:
    """The sentence's own verb, or one conjoined to it ("they reversed themselves and said")."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"
