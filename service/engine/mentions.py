"""Speaker mentions in the parse: which tokens name the speaker of a cue.

The source of a quote is the mention nearest the cue: a title written directly
before a name belongs to it ("Kremlin spokesman Dmitry Peskov"), an apposition
set off by commas does not, and a relative clause never does.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Span, Token

from .sentences import sentence

# Dependents that are not part of a mention's own words.
_DETACHED = {"relcl", "appos", "acl", "punct", "advcl", "parataxis"}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_MAX_MENTION_TOKENS = 40  # no speaker is named in more words; bounds a generated giant subject
_STRANDED_WINDOW = 30  # tokens back from a subjectless verb to the closing quote mark
_NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


def is_name(token: Token) -> bool:
    """True for a proper-name head (by tag or by named-entity label)."""
    return token.pos_ == "PROPN" or token.ent_type_ in _NAME_ENTS


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
    """A hyphen or apostrophe that joins two words ("El-Erian", "O'Neill")."""
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
    """Inside parentheses, as a party and state after a name are: "Price (D-Newport News)"."""
    left = tok.left_edge.i
    return left > 0 and tok.doc[left - 1].text == "("


def outside_parentheses(head: Token) -> Token:
    """The word before a parenthesis the parser made the mention's head: "Price" of "Marcia
    Price (D-Newport News) said", where "News" came out as the subject."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    while left < head.i and doc[left].text != "(":
        left += 1
    if doc[left].text == "(" and left > 0 and not doc[left - 1].is_punct and \
            any(t.text == ")" for t in doc[head.i + 1:right + 2]):
        return doc[left - 1]
    return head


def subject_of(verb: Token, quoting_verbs: frozenset[str], is_cue: Callable[[Token], bool],
               relative_pronouns: frozenset[str], depth: int = 0) -> Token | None:
    """The head token of whoever performs ``verb``, following shared subjects.

    Handles coordinated verbs ("condemned X and accused Y"), participial adjuncts
    ("..., adding that", whose speaker is the subject of the reporting verb they
    hang from, even where the parser attached them inside the reported clause),
    passives with an agent, "quoted X as saying", inverted "..., explained the
    Kremlin", and relative clauses ("Kuleba, who said").
    """
    if depth > 6:
        return None
    # nominal subjects before clausal ones, the nearest first: in "“… Trump articulates it,”
    # Viguerie notes" the parser may make the quoted clause a second subject
    for child in sorted(verb.children, key=lambda c: (c.dep_ == "csubj", abs(c.i - verb.i))):
        if child.dep_ in _SUBJECTS:
            if child.lower_ in relative_pronouns and verb.dep_ == "relcl":
                return verb.head
            if child.dep_ == "nsubjpass":
                return _agent(verb)
            return _apposed_before(child, verb)
    agent = _agent(verb)
    if agent is not None:
        return agent
    if any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        for child in verb.children:  # "..., explained the Kremlin": the parser's object is the speaker
            if child.i > verb.i and child.dep_ in ("dobj", "attr", "npadvmod", "dative"):
                return child
        stranded = _stranded_subject(verb)
        if stranded is not None:
            return stranded
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl") and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # "..., saying ...", "..., adding that ...": the participle after a comma is the
        # sentence's subject's, wherever the parser hung it (on a noun, in a relative clause)
        root = sentence(verb).root
        if root.i != verb.i and root.pos_ in ("VERB", "AUX"):
            found = subject_of(root, quoting_verbs, is_cue, relative_pronouns, depth + 1)
            if found is not None:
                return found
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        cur = verb.head
        for _ in range(6):  # the nearest reporting verb up the tree
            if is_cue(cur):
                return subject_of(cur, quoting_verbs, is_cue, relative_pronouns, depth + 1)
            if cur.head.i == cur.i:
                break
            cur = cur.head
    if verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ == "as":
        governor = verb.head.head
        if governor.lemma_.lower() in quoting_verbs:
            for child in governor.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    return child
        return subject_of(governor, quoting_verbs, is_cue, relative_pronouns, depth + 1)
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl":
        head = verb.head
        if verb.tag_ == "VBG" and not is_name(head) and head.pos_ != "PRON":
            # "described it as a haven saying ...": the participle is the describer's, where the
            # parser hung it on the noun before it
            if head.tag_ != "NNS" and head.head.i != head.i and head.head.pos_ in ("VERB", "AUX"):
                return subject_of(head.head, quoting_verbs, is_cue, relative_pronouns, depth + 1)
        return head
    if verb.dep_ in ("xcomp", "advcl") and verb.i > verb.head.i:
        # "pressed Stumpf to admit": the object of the verb it completes does it; "he has been
        # dragged before the committee to defend it": the passive's subject does
        controller = next((c for c in verb.head.children if (c.dep_ == "dobj" and verb.dep_ == "xcomp"
                                                              or c.dep_ == "nsubjpass") and c.i < verb.i), None)
        if controller is not None and (is_name(controller) or controller.pos_ == "PRON"):
            return controller
    if verb.dep_ in ("conj", "advcl", "xcomp", "acomp", "dep") and verb.head.i != verb.i:
        # shared or controlled subjects: "voters are more likely to say", "then says"
        return subject_of(verb.head, quoting_verbs, is_cue, relative_pronouns, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        # "..., before clarifying that", "After saying he was nervous, the man ...", "aside from
        # saying", "stopped short of calling": the verb the phrase belongs to
        cur = verb.head.head
        for _ in range(3):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                break
            cur = cur.head
        if cur.i != verb.head.i:
            return subject_of(cur, quoting_verbs, is_cue, relative_pronouns, depth + 1)
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """ "“…,” Bill Eastland, wearing a cowboy hat, said": the name between the closing quote
    mark and a subjectless verb, which the parser hung inside the quoted clause."""
    doc = verb.doc
    close = next((i for i in range(verb.i - 1, max(verb.i - _STRANDED_WINDOW, 0) - 1, -1) if doc[i].is_quote), None)
    if close is None:
        return None
    for tok in doc[close + 1:verb.i]:
        if is_name(tok) or tok.tag_ == "PRP":
            while tok.dep_ == "compound" and tok.head.i < verb.i:
                tok = tok.head
            return tok
    return None


def _apposed_before(subject: Token, verb: Token) -> Token:
    """ "..., Viktor Orban, the official Xinhua news agency said": the phrase next to the verb."""
    if subject.i < verb.i:
        for child in subject.children:
            if child.dep_ == "appos" and child.right_edge.i == verb.i - 1:
                return child
    return subject


def _agent(verb: Token) -> Token | None:
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
            found = _agent(child)
            if found is not None:
                return found
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ("by", "from"):
                    for obj in grand.children:
                        if obj.dep_ == "pobj":
                            return obj
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None
