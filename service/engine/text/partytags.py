"""US party-and-state tags as one token, set before the parser runs.

American news writes a legislator's party and state after the name: "Mara Lindqvist, R-Ore.,",
"Jonas Brandt (I-Vt.)", "Rosa Ferrand (D-Virginia Beach)". The tokenizer splits the tag
at its hyphen and the parser then reads "Tenn." as the head of a noun phrase, which
swallows a coordinated name ("Tomas Okafor, R-Tenn., and Ines Delgado, R-S.C., said")
or becomes the speaker itself. Merged into one token the tag parses as an apposition
of the name. Merging keeps every character offset: ``doc.text`` does not change.
"""
from __future__ import annotations

import re

import us
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

# A party initial, a hyphen, and a state or district in capitalised words or abbreviations
# ("Wis.", "N.Y.", "TX", "Virginia Beach"); in running text only after "(" or ", ".
_FORM = r"[RDI]-[A-Z][A-Za-z]*\.?(?: ?[A-Z][A-Za-z]*\.?)*"
_TAG = re.compile(r"(?:(?<=\()|(?<=, ))" + _FORM + r"(?=[,);:\s]|$)")
_TOKEN = re.compile(_FORM)
# A state as tags write it: AP abbreviation ("Wis.", "N.Y."), postal code ("TX") or name ("Ohio").
_STATES = {form.lower(): state.name for state in us.states.STATES_AND_TERRITORIES
           for form in (state.abbr, state.ap_abbr, state.name) if form}


@Language.component("quote_party_tags")
def merge_party_tags(doc: Doc) -> Doc:
    """Make every party-and-state tag one token (add first, before the tagger and parser)."""
    spans = []
    for match in _TAG.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is not None and len(span) > 1:
            spans.append(span)
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def is_party_tag(token: Token) -> bool:
    """True for a merged party-and-state tag ("R-Wis."): a description, never a name."""
    return "-" in token.text and _TOKEN.fullmatch(token.text) is not None


def tag_after(name: Span) -> Token | None:
    """The party-and-state tag written right after a name, set off by "(" or ",", if any."""
    doc = name.doc
    at = name.end + 1
    if at < len(doc) and doc[name.end].text in ("(", ",") and is_party_tag(doc[at]):
        return doc[at]
    return None


def tag_words(tag: Token, party_initials: dict[str, frozenset[str]]) -> set[str]:
    """What a tag says of the person, as words a later description may use: "R-Ore." gives
    "republican", "gop" and "oregon" ("the Oregon Republican", "the GOP lawmaker")."""
    initial, _, place = tag.text.partition("-")
    words = set(party_initials.get(initial.lower(), ()))
    state = _STATES.get(place.strip().lower())
    if state is not None:
        words |= set(state.lower().split())
    return words
