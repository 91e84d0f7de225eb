"""A speaker's key: one string for one person or organisation in every document, so that a
corpus's quotes can be grouped by speaker across articles (``speaker.key`` in an answer).

``speaker.id`` holds within one answer only ("s1" is whoever is quoted first); the key is
made from what does not depend on the article:

* an entity matched to a gazetteer entry with an ``id`` (a Wikidata QID, a CMS id): that id;
* a person: the canonical name folded as names are compared (``text.folding.name_word``:
  lower case, no accents), without honorifics and titles ("Sen.", "President": the word
  lists' ``honorifics`` and nameparser's abbreviated titles) or middle initials ("Ann B.
  Ortiz" and "Ann Ortiz" are one key), a suffix kept ("Jr."). Named in the text alone, a
  person gets a key only with a given name and a surname: a surname alone ("Ortiz said")
  names different people in different articles;
* an organisation: its canonical name folded the same way, without a leading article;
* a group of people quoted together, or a source the article does not name: None.

Limits, by construction: two people with the same given name and surname share a key unless
a gazetteer entry with an ``id`` tells them apart; one person written two ways across
articles ("Dmitro"/"Dmytro", a middle name given in one article only, a name the article
only ever gives as a surname) gets two keys unless a gazetteer entry names them; an
organisation's generic name ("the health ministry") is one key for every ministry of that
name; a surname the tagger takes for an organisation ("Varga said", tagged ORG) is keyed as
one.
"""
from __future__ import annotations

from ..lexicon.words import Words
from ..text.folding import lookup_key, name_word
from .entities import Entity
from .forms import SUFFIXES, bare


def speaker_key(entity: Entity, words: Words) -> str | None:
    """The key of the entity a speaker resolved to (see the module's docstring)."""
    if entity.members:
        return None
    entry = entity.entry
    if entry is not None and entry.id:
        return entry.id
    if entity.kind != "person":
        return " ".join(filter(None, map(name_word, lookup_key(entity.name).split()))) or None
    return person_key(entity.name, words, known=entry is not None)


def person_key(name: str, words: Words, known: bool = False) -> str | None:
    """A person's name folded, without titles or middle initials; None for a name the text
    gives as one word only, unless ``known`` (a gazetteer's canonical name names one person)."""
    tokens = [t.strip(",") for t in bare(name).split()]
    while len(tokens) > 1 and words.is_title(tokens[0]):
        tokens = tokens[1:]
    folded = [w for w in map(name_word, tokens) if w]
    suffix = [w for w in folded[1:] if w in SUFFIXES]
    core = [w for w in folded if w not in suffix]
    if not core or (len(core) < 2 and not known):
        return None
    if len(core) > 2:  # middle initials out: "ann b. ortiz" -> "ann ortiz"
        core = [core[0], *(w for w in core[1:-1] if len(w.replace(".", "")) > 1), core[-1]]
    return " ".join(core + suffix)
