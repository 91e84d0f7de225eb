"""Salience: which entity named before a word the text is most likely about at that word.

A pronoun or a bare description ("the bank") with several candidates takes the one that
scores highest: recent sentences first, counted in narrative sentences (a quotation's own
sentences do not push the name that introduced it away); a subject, the subject of the
sentence's own verb more than one of a clause inside it; the last speaker quoted (and,
less, the ones before); a person introduced just before, with an apposition or as a
subject ("Rosa Ferrand, president of the caucus," -- news introduces someone this way just
before quoting them); a name inside someone's quoted words only as a last resort. Only a bounded number of the nearest
mentions is examined, so a text of thousands of names costs no more per word than a short
article.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable

from spacy.tokens import Token

from ..names.entities import Entity, NameMention
from ..names.registry import NameRegistry
from ..text.sentences import sentences as _sentences

NEAREST = 200  # mentions examined for one pronoun or description
_SENTENCE_WINDOW = 5  # how far back a pronoun looks, in sentences
_SUBJECT = 0.75  # the subject of a sentence's own verb
_EMBEDDED_SUBJECT = 0.4  # the subject of a clause inside it
_INTRODUCED = 1.0  # "... concerns Rosa Ferrand, president of the caucus. 'No one ...,' he said"
_QUOTED = 3.0  # a name inside quoted words is rarely who speaks them: the last resort


class Salience:
    """The document's recent speakers and the scoring of candidate antecedents."""

    def __init__(self, registry: NameRegistry, quoted: Callable[[int], bool]) -> None:
        self.registry = registry
        self.quoted = quoted  # is this character inside a quotation?
        self.history: list[tuple[int, Entity]] = []  # (token index, entity) of resolved speakers
        self._narrative: list[int] | None = None  # per sentence: narrative sentences up to it

    def narrative_number(self, sent: int) -> int:
        """How many sentences up to ``sent`` are narrative, not wholly inside quotation marks:
        a quotation of five sentences puts the name introducing it no further from the
        "he said" after it than a quotation of one."""
        if self._narrative is None:
            doc, count, numbers = self.registry.doc, 0, []
            for span in _sentences(doc):
                words = [t for t in span if not (t.is_punct or t.is_space)]
                count += not words or not all(self.quoted(t.idx) for t in words)
                numbers.append(count)
            self._narrative = numbers
        return self._narrative[sent]

    def most_salient(self, pron: Token, compatible: Callable[[Entity], bool]) -> Entity | None:
        """Recent sentences first; a subject, the last speaker quoted, and a name in the
        narrative rather than inside someone's quoted words weigh more."""
        sent = self.narrative_number(self.registry.sentence_of(pron.i))
        speakers = {id(e) for _, e in self.history[-4:]}
        last = id(self.history[-1][1]) if self.history else None
        doc = pron.doc
        best, best_score = None, None
        for mention in islice(self.registry.before(pron.i), NEAREST):
            distance = sent - self.narrative_number(mention.sent)
            if distance > _SENTENCE_WINDOW:
                break
            if not compatible(mention.entity) or (distance == 0 and _bound(mention, pron)):
                continue
            entity = id(mention.entity)
            score = -distance + self._subject_weight(mention) + \
                (1.0 if entity == last else 0.5 if entity in speakers else 0.0) + \
                (_INTRODUCED if distance <= 1 and self._introduction(mention) else 0.0) + \
                (-_QUOTED if self.quoted(doc[mention.start].idx) else 0.0) + mention.start * 1e-6
            if best_score is None or score > best_score:
                best, best_score = mention.entity, score
        return best

    def _subject_weight(self, mention: NameMention) -> float:
        """A subject weighs more; the subject of the sentence's own verb more than one of a
        clause inside it ("Halvorsen replied that she was pleased Ferrand had said that")."""
        if not mention.is_subject:
            return 0.0
        subject = self.registry.doc[mention.start:mention.end].root
        if subject.dep_ not in ("nsubj", "nsubjpass"):
            subject = subject.head
        return _SUBJECT if main_clause(subject.head) else _EMBEDDED_SUBJECT

    def _introduction(self, mention: NameMention) -> bool:
        """The first mention of a person, as a subject or with an apposition ("Rosa Ferrand,
        president of the caucus,"): news introduces someone this way just before quoting them."""
        if mention is not mention.entity.mentions[0] or mention.entity.kind != "person":
            return False
        root = self.registry.doc[mention.start:mention.end].root
        return mention.is_subject or any(c.dep_ == "appos" for c in root.children)


def _bound(mention: NameMention, pron: Token) -> bool:
    """A name in the same clause as the pronoun's verb is not its antecedent (binding): "he
    said Okafor won". The subject of a clause of its own may be ("Lindqvist scolded him:
    '...,' she said"). Nor is the name a parenthetical "she said" interrupts ("and Ms.
    Halvorsen, she said, exposes him"): it is what she speaks about."""
    doc = pron.doc
    if pron.dep_ == "nsubj" and mention.end + 1 == pron.i and doc[mention.end].text == "," \
            and pron.i + 2 < len(doc) and doc[pron.i + 1].i == pron.head.i and doc[pron.i + 2].text == ",":
        return True
    return mention.start >= pron.head.left_edge.i and mention.end <= pron.head.right_edge.i + 1 \
        and pron.dep_ in ("nsubj", "nsubjpass") and mention.entity.kind == "person" and not mention.is_subject


def main_clause(verb: Token) -> bool:
    """The sentence's own verb, or one conjoined to it ("they reversed themselves and said")."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"
