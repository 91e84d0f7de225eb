"""Speaker mentions in the parse: which tokens name the speaker of a cue.

The source of a quote is the mention nearest the cue: a title written directly
before a name belongs to it ("Kremlin spokesman Dmitry Peskov"), an apposition
set off by commas does not, and a relative clause never does. A statement's issuer
("a statement released by the Kremlin", "a Bloomberg poll") speaks for the statement.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..text.partytags import is_party_tag

# Dependents that are not part of a mention's own words.
_DETACHED = {"relcl", "appos", "acl", "punct", "advcl", "parataxis"}
_MAX_MENTION_TOKENS = 40  # no speaker is named in more words; bounds a generated giant subject
_NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


def is_name(token: Token) -> bool:
    """True for a proper-name head (by tag or by named-entity label)."""
    return (token.pos_ == "PROPN" or token.ent_type_ in _NAME_ENTS) and not is_party_tag(token)


def appositions(head: Token) -> list[Token]:
    """What stands in apposition after ``head``: its ``appos`` dependents, and a phrase set off
    by commas that the parser made a second subject of the same verb ("Viktor Halden, the
    secretary general of the alliance, vowed")."""
    found = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
    if head.dep_ in ("nsubj", "nsubjpass"):
        doc, after = head.doc, head.right_edge.i + 1
        for sibling in head.head.children:
            if sibling.dep_ == head.dep_ and sibling.left_edge.i == after + 1 and doc[after].text == "," \
                    and _closed_by_comma(sibling) and not is_name(sibling):
                found.append(sibling)
    return found


def _closed_by_comma(phrase: Token) -> bool:
    doc, end = phrase.doc, phrase.right_edge.i
    return doc[end].text == "," or end + 1 < len(doc) and doc[end + 1].text == ","


def mention_span(head: Token) -> Span:
    """The contiguous words of the noun phrase headed by ``head``.

    Relative clauses, appositions and other comma-separated material are left
    out, so "Alexander Gabuev, director of the Center, told" gives "Alexander Gabuev".
    """
    keep = {head.i}
    stack = [head]
    while stack and len(keep) < _MAX_MENTION_TOKENS:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _DETACHED and not _inside_word(child):
                continue
            keep.add(child.i)
            stack.append(child)
    left = right = head.i
    while left - 1 in keep:
        left -= 1
    while right + 1 in keep:
        right += 1
    doc = head.doc
    # no trailing punctuation or possessive marker at the edges
    while right > left and (doc[right].is_punct or doc[right].dep_ == "case"):
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left:right + 1]


def _inside_word(tok: Token) -> bool:
    """A hyphen or apostrophe that joins two words ("Al-Rashid", "O'Hara")."""
    doc = tok.doc
    return tok.is_punct and not tok.whitespace_ and tok.i > 0 and not doc[tok.i - 1].whitespace_ \
        and tok.text in "-'’"


def nearest_name(head: Token, person_heads: frozenset[str]) -> Token:
    """Prefer an apposed proper name over a role noun: the mention nearest the cue.

    "the Secretary of the Council, Nikolai Patrushev, announced" -> Patrushev.
    """
    if not is_name(head) or head.lemma_.lower() in person_heads:
        for child in head.children:
            if child.dep_ == "appos" and is_name(child) and child.ent_type_ in ("PERSON", "ORG", "") \
                    and not _parenthesised(child):
                return child
    return head


def _parenthesised(tok: Token) -> bool:
    """Inside parentheses, as a party and state after a name are: "Ferrand (D-Virginia Beach)"."""
    left = tok.left_edge.i
    return left > 0 and tok.doc[left - 1].text == "("


def outside_parentheses(head: Token) -> Token:
    """The word before a parenthesis the parser made the mention's head: "Ferrand" of "Rosa
    Ferrand (D-Virginia Beach) said", where "Beach" came out as the subject."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    while left < head.i and doc[left].text != "(":
        left += 1
    if doc[left].text == "(" and left > 0 and not doc[left - 1].is_punct and \
            any(t.text == ")" for t in doc[head.i + 1:right + 2]):
        return doc[left - 1]
    return head


# "a statement by X", "a letter from X": the prepositions that name a statement's issuer
ISSUER_PREPOSITIONS = ("by", "from")


def agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive: "was told by the minister"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def statement_issuer(head: Token, statement_nouns: frozenset[str]) -> Token | None:
    """For "a statement released by the Kremlin", "the Kremlin's statement" or "a Bloomberg
    poll": the issuer."""
    if head.lemma_.lower() not in statement_nouns:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < head.i:
            return child
        if child.dep_ == "acl":
            found = agent(child)
            if found is not None:
                return found
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ISSUER_PREPOSITIONS:
                    for obj in grand.children:
                        if obj.dep_ == "pobj":
                            return obj
        if child.dep_ == "prep" and child.lower_ in ISSUER_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None
