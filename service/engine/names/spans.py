"""Where the article names someone: the name spans of a document.

Names come from the gazetteer, the named entities, and capitalised names after a
title ("Sen. Lindqvist") that the tagger missed; each is cut to the name itself (no
title, article, possessive, trailing verb of a headline), and the tagger's slips are
mended where the words around say so: a title inside an organisation's entity
("Kazakh President Kassym-Jomart Tokayev"), a given name left out ("Ines" of
"Ines Okafor"), a name cut at its hyphen ("Yoon Ha-rin").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon.words import Words
from ..text.scan import capitalised, text_of
from .entry import Entry
from .gazetteer import Gazetteer

_NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization"}
_MAX_NAME_WORDS = 6


@dataclass
class NameCandidate:
    """A name in the text, what kind of entity it names, and what stands before it."""

    span: Span
    entry: Entry | None
    kind: str
    titled: bool  # a person's title or honorific stands before it
    gender: str | None = None  # what a courtesy title before it says ("Mrs. Lindqvist")


def find_names(doc: Doc, gazetteer: Gazetteer, words: Words) -> list[NameCandidate]:
    """Every name in ``doc`` (gazetteer names, named entities, capitalised names after a
    title), without titles, articles and possessives, the longest where two overlap."""
    found: list[NameCandidate] = []
    for match in gazetteer.matches(doc):
        span = doc[match.start:match.end]
        if not _inside_longer_name(span):
            found.append(NameCandidate(span, match.entry, match.entry.kind or "person", False))
    for ent in doc.ents:
        # the small models tag odd words as names ("Heavily sanctioned ..."): want a proper noun
        if ent.label_ in _NAME_LABELS and any(t.pos_ == "PROPN" for t in ent):
            if ent.label_ == "PERSON":
                ent = _with_given_names(ent, words)
            found.append(_titled_person(ent, words) or NameCandidate(ent, None, _NAME_LABELS[ent.label_], False))
    for i in capitalised(doc):  # "Sen. Lindqvist": a capitalised name after a title the tagger left out
        tok = doc[i]
        if words.is_title(tok.lower_) and tok.i + 1 < len(doc) and _capitalised(doc[tok.i + 1]):
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and _capitalised(doc[end]):
                end += 1
            found.append(NameCandidate(doc[tok.i + 1:end], None, "person", True))
    out = []
    for cand in found:
        span = strip_name(cand.span, words, cand.kind == "person" or cand.titled)
        if span is None or len(span) > _MAX_NAME_WORDS or (cand.entry is None and _whole_line(span)):
            continue
        given = "person" if cand.titled else titled(span, words)  # the kind a title gives it
        kind = given if given and cand.entry is None else cand.kind
        out.append(NameCandidate(span, cand.entry, kind, given == "person", titled_gender(span, words)))
    return _non_overlapping(out)


def _whole_line(span: Span) -> bool:
    """A line of its own with nothing but these words: a section heading ("Harbour Finances."),
    not a mention of someone."""
    text = text_of(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.strip().rstrip(".:!?").strip() == span.text


def _non_overlapping(cands: list[NameCandidate]) -> list[NameCandidate]:
    """Longest first, gazetteer names first among equals, then leftmost."""
    taken: set[int] = set()
    chosen = []
    for cand in sorted(cands, key=lambda c: (-len(c.span), c.entry is None, c.span.start)):
        if any(i in taken for i in range(cand.span.start, cand.span.end)):
            continue
        taken.update(range(cand.span.start, cand.span.end))
        chosen.append(cand)
    return chosen


def words_in(span: Span) -> int:
    return sum(1 for t in span if not t.is_punct)


def _capitalised(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_


def _with_given_names(ent: Span, words: Words) -> Span:
    """A person's name with the capitalised words before it the tagger left out ("Ines"
    of "Ines Okafor" tagged as "Okafor")."""
    doc, start = ent.doc, ent.start
    while start > 0 and ent.start - start < 2:
        tok = doc[start - 1]
        if not (tok.pos_ == "PROPN" and tok.is_title and tok.dep_ == "compound" and tok.head.i >= ent.start
                and not tok.ent_type_ and not words.is_title(tok.lower_)
                and tok.lemma_.lower() not in words.role_heads
                and tok.lower_.removesuffix("s") not in words.role_heads):  # "Senators Ann Cole and ..."
            break
        start -= 1
    return Span(doc, start, ent.end, label=ent.label_)


def _titled_person(ent: Span, words: Words) -> NameCandidate | None:
    """ "Kazakh President Kassym-Jomart Tokayev" tagged as one organisation or person: a
    person's title inside the entity, and the name after it -- not an organisation's name
    ("the General Council")."""
    for tok in reversed(ent[:-1]):
        if tok.lemma_.lower() in words.person_heads or words.is_title(tok.lower_):
            rest = ent.doc[tok.i + 1:ent.end]
            if all(t.pos_ == "PROPN" or t.is_punct for t in rest) and rest[0].is_title \
                    and titled(rest, words) != "organization":
                return NameCandidate(rest, None, "person", True)
            return None
    return None


def titled_gender(span: Span, words: Words) -> str | None:
    """ "m" or "f" where a courtesy title stands before the name ("Mr. Brandt")."""
    if span.start == 0:
        return None
    before = span.doc[span.start - 1].lower_
    return "m" if before in words.male_titles else "f" if before in words.female_titles else None


def titled(span: Span, words: Words) -> str | None:
    """The kind the word directly before a name gives it: a person's title or honorific
    ("Sen. Lindqvist", "spokesman Dmitry Peskov"), or an organisation noun ("state television CCTV").
    A name the tagger does not call a person's that ends in an organisation noun is an
    organisation's ("the General Council"; "Sen. Margaret Court" is a person)."""
    if span[-1].lemma_.lower() in words.organization_heads and span.root.ent_type_ != "PERSON":
        return "organization"
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


def strip_name(span: Span, words: Words, person: bool) -> Span | None:
    """A name without leading titles/articles and trailing possessive ("President Okafor's" -> "Okafor").
    An organisation's name keeps words that are titles only in nameparser's wide sense
    ("Major League Baseball")."""
    start, end = span.start, span.end
    doc = span.doc

    def title(tok: Token) -> bool:
        if not person:
            return tok.lower_ in words.honorifics
        # a role noun the tagger took into the name ("Assemblywoman Rosa Ferrand"), if a
        # name of two words is left
        return words.is_title(tok.lower_) or (tok.lemma_.lower() in words.person_heads and end - tok.i > 2)

    while start < end - 1 and (title(doc[start]) or doc[start].dep_ == "det" or _no_letters(doc[start])):
        start += 1  # the last word stays: "Mr. Brandt" is "Brandt", never nothing
    for i in range(start, end):  # a headline's "China Announces" is a name and a verb; no name has a comma
        if any(c.dep_ == "nsubj" for c in doc[i].children) or doc[i].text == ",":
            end = i
            break
    # a case-insensitive match takes in lower-case description: "Xinhua news agency" -> "Xinhua"
    while end > start and (doc[end - 1].dep_ == "case" or _no_letters(doc[end - 1])
                           or (doc[end - 1].is_lower and end - 1 > start)):
        end -= 1
    while end < len(doc) and end > start and _joined(doc, end):
        end += 2  # "Yoon Ha-rin", which the tagger may cut at its hyphen
    if start >= end or "\n" in doc[start:end].text or _no_letters(doc[start]) or \
            (end - start == 1 and (doc[start].lower_ in words.courtesy_titles or doc[start].text.endswith("."))):
        return None
    return doc[start:end]


def _no_letters(tok: Token) -> bool:
    """Punctuation, symbols, emoji: nothing of a name."""
    return not any(c.isalpha() for c in tok.text)


def _joined(doc: Doc, end: int) -> bool:
    """Tokens ``end`` and ``end + 1`` continue the word before them: a hyphen and a word with
    no space around ("Ha" + "-" + "rin")."""
    return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_ and doc[end + 1].is_alpha
