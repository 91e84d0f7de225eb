"""What the words around a quotation no cue claimed say about it: that it is the name of a
thing (“Blue Harbour Plan”), that it ended its sentence, or whose words it is when it sits in
the phrase of a verb whose subject is named ("attacking Okafor as a “failed manager”") or
follows a colon after any verb with a subject ("Lindqvist continued: “…”").
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..confidence import UNLISTED_VERB_WEIGHT
from ..sources.mentions import is_name
from .adjacency import governs
from .candidates import CueHit
from .marks import QuoteMarks

_MAX_NAME_WORDS = 5  # a quoted name of a thing is short


def names_a_thing(doc: Doc, mark: QuoteMarks) -> bool:
    """A short quotation of capitalised words (“Blue Harbour Plan”, “The Belt and Road”) is a
    name, neither words someone said nor more of them; “Never. Not Once.”, with a full stop
    between its words, is sentences."""
    span = doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand") or ()
    words = [t for t in span if t.is_alpha]
    inner = list(span)[:-1]  # American style puts a final full stop inside: “Top Gun.”
    return 1 <= len(words) <= _MAX_NAME_WORDS and not any(t.text in ".!?" for t in inner) \
        and all(t.is_title or (t.is_stop and t.is_lower) for t in words)


def closes_sentence(text: str, mark: QuoteMarks) -> bool:
    """ "… a “rogue port.” The authority insisted": a full stop inside the marks and a capital
    after them end the sentence with the quotation."""
    after = text[mark.end:mark.end + 3].lstrip()
    return text[mark.inner_start:mark.inner_end].rstrip().endswith(".") and after[:1].isupper()


def characterized(open_tok: Token) -> CueHit | None:
    """ "Lindqvist has been attacking Okafor as a “failed manager”": words quoted inside the phrase of a
    sentence's main verb are those of the person named as its subject."""
    root = _sentence_root(open_tok)
    if root.pos_ != "VERB" or not root.i < open_tok.i or not governs(root, open_tok):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < root.i), None)
    if subject is None or not is_name(subject) or subject.pos_ != "PROPN":
        return None
    return _unlisted(root, subject)


def introduced_by(colon: Token) -> CueHit | None:
    """ "Lindqvist continued:" -- any verb with a subject before a colon introduces the quotation."""
    root = _sentence_root(colon)
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if root.pos_ in ("VERB", "AUX") and subjects and root.i < colon.i:
        return _unlisted(root, subjects[0])
    return None


def _sentence_root(token: Token) -> Token:
    """The root of the token's sentence, by its heads (``Span.root`` reads the whole span)."""
    while token.head.i != token.i:
        token = token.head
    return token


def _unlisted(verb: Token, subject: Token) -> CueHit:
    """A verb the cue lexicon does not list, as the cue of a quotation beside it."""
    return CueHit(verb, verb.lemma_.lower(), verb.doc[verb.i:verb.i + 1], subject, UNLISTED_VERB_WEIGHT)
