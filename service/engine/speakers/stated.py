"""What the article states about its people away from their quotes.

Read once per document by the speaker resolver: a definite description as a subject is
a mention of someone named ("After the vote, the governor appeared relieved"), "He is the
senior Republican on the panel" states a role of whoever "he" is, "his Ukrainian
counterpart" makes the next person named without a role the Ukrainian counterpart of
the possessor, and an opinion piece's closing note names its author.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon.words import Words
from ..names.entities import Entity
from ..names.registry import NameRegistry
from ..roles.book import RoleBook
from ..roles.labels import description_of, relative_role
from ..sources.mentions import is_name, mention_span
from ..text.paragraphs import paragraph_spans
from ..text.scan import text_of, with_dep, with_lemma
from .descriptions import Descriptions
from .pronouns import Pronouns

_AUTHOR_PARAGRAPHS = 3  # an author's note closes the piece


def read_described_subjects(doc: Doc, words: Words, registry: NameRegistry, descriptions: Descriptions,
                            roles: RoleBook) -> None:
    """ "In defeat, the president appeared cowed. ... he barely mentioned it": a definite
    description as a subject, or owning the subject ("The president's roots came into
    play"), refers to someone named; it is a mention of theirs (a later pronoun may refer
    back through it) and states a role of theirs. Inside a quotation it is the speaker's
    description, not the article's."""
    for i in with_dep(doc, ["nsubj", "nsubjpass", "poss"]):
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.dep_ == "poss" and tok.head.dep_ not in ("nsubj", "nsubjpass"):
            continue  # a possessor only of a subject
        if roles.quoted(tok.idx):
            continue  # a speaker's own words describe whom they please
        if tok.tag_ != "NN" or lemma not in words.person_heads or lemma in words.anonymous_heads \
                or not _definite(tok) or any(c.dep_ in ("compound", "appos") and is_name(c) for c in tok.children):
            continue
        span = mention_span(tok)
        entity, _ = descriptions.described(tok, span)
        if entity is not None and not entity.members:
            roles.describe(entity, description_of(span, words), span.start)
            registry.mention(span, entity)


def read_stated_roles(doc: Doc, words: Words, pronouns: Pronouns, descriptions: Descriptions,
                      roles: RoleBook) -> None:
    """Roles stated of pronouns and by relation, once the quotes' speakers are known: "He
    is the senior Republican on the panel", and "his Ukrainian counterpart" (of a
    Chinese foreign minister) makes the next person named without a role the Ukrainian
    foreign minister."""
    relatives = []
    for i in sorted(set(with_dep(doc, ["nsubj", "nsubjpass"])) | set(with_lemma(doc, words.relative_heads))):
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.dep_ == "nsubj" and tok.lower_ in words.pronouns and tok.head.lemma_ == "be":
            # "He is the senior Republican on the panel."
            person = pronouns.resolve(tok)
            role = roles.reader.predicated(tok, person.kind) if person is not None else None
            if role is not None and not person.members:
                roles.describe(person, role.text, role.position)
            continue
        if lemma in words.relative_heads and tok.tag_ == "NN" and \
                not any(c.dep_ in ("compound", "appos") and is_name(c) for c in tok.children):
            relatives.append(tok)
    for tok in relatives:  # once the roles they are relative to are known
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        person = pronouns.resolve(owner) if owner is not None else None
        if person is None:
            continue
        qualifier = " ".join(t.text for t in tok.lefts if t.dep_ in ("amod", "compound"))
        text = relative_role(qualifier, roles.role_of(person)[0], set(roles.demonyms))
        other = descriptions.introduced(tok)
        if text and other is not None and other is not person:
            roles.describe(other, text, tok.i)


def closing_author(doc: Doc, registry: NameRegistry) -> Entity | None:
    """The one person an opinion piece's closing note names as its author ("Petra
    Halvorsen is writer-in-residence at ..."): a name, subject of "is", opening one of the
    last paragraphs."""
    tail = paragraph_spans(text_of(doc))[-_AUTHOR_PARAGRAPHS:]
    found = set()
    for start, _ in tail:
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        mention = registry.by_token.get(first.start) if first is not None else None
        if mention is None or mention.start != first.start or mention.entity.kind != "person":
            continue
        last = doc[mention.end - 1]
        if last.dep_ == "nsubj" and last.head.lemma_ == "be":
            found.add(mention.entity)
    return found.pop() if len(found) == 1 else None


def _definite(tok: Token) -> bool:
    """ "the minister", "China's foreign minister": one known person, not "a minister"."""
    return any((c.dep_ == "det" and c.lower_ == "the") or (c.dep_ == "poss" and c.pos_ == "PROPN")
               for c in tok.children)
