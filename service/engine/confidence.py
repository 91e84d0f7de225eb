"""Confidence: how surely a quote is a quote of this speaker, in one place.

confidence = construction base x cue weight x speaker factor

* the base says how reliable the construction that found the quote is (a quotation
  with its cue next to it is surer than a quotation attributed from context);
* the cue weight comes from the lexicon (``data/cues.yaml``: 1.0 for say/tell/add,
  lower for suggest/indicate and for the beliefs of the "attributions" scope);
* the speaker factor says how the speaker was found (a name in the text is surer
  than a pronoun, a pronoun surer than a description only).
"""
from __future__ import annotations

from enum import Enum

from .results import Speaker


class Construction(str, Enum):
    """Which rule found a quote; reported as ``Quote.construction``."""

    DIRECT = "direct"  # a quotation with its cue next to it
    CLAUSE = "clause"  # a clausal complement: "said (that) ..."
    ACCORDING_TO = "according to"
    COLON = "colon"  # "X said: ..."
    INVERTED = "inverted"  # "<content>, China announces"
    OBJECT = "object"  # "acknowledged China's role"
    QUOTED_OBJECT = "quoted object"  # "declared a “no-limits” friendship"
    INFINITIVE = "infinitive"  # "urged Beijing to act"
    PREDICATE = "predicate"  # "called the mayor “reckless”"
    PREPOSITIONAL = "prepositional"  # "called for talks", "referred to X as Y"
    EVIDENTIAL = "evidential"  # "X seemed Y" (scope "attributions")
    SOURCE_PHRASE = "source phrase"  # "In a statement, the campaign ..."
    HEADLINE = "headline"  # "Lindqvist: Okafor's budget ..."
    TRANSCRIPT = "transcript"  # "HALVORSEN: Will the port reopen ...": a speaker's label opening a paragraph
    EMBEDDED = "embedded"  # a quotation inside a reporting verb's phrase: "warned of the “merchants of gloom”"
    CONTINUATION = "continuation"  # a quotation that goes on with the paragraph's speaker
    UNATTRIBUTED = "unattributed"  # a long quotation with no cue and no context


BASE: dict[Construction, float] = {
    Construction.DIRECT: 0.95,
    Construction.CLAUSE: 0.9,
    Construction.ACCORDING_TO: 0.9,
    Construction.COLON: 0.85,
    Construction.INVERTED: 0.8,
    Construction.OBJECT: 0.75,
    Construction.QUOTED_OBJECT: 0.75,
    Construction.INFINITIVE: 0.75,
    Construction.PREDICATE: 0.75,
    Construction.PREPOSITIONAL: 0.75,
    Construction.EVIDENTIAL: 0.75,
    Construction.SOURCE_PHRASE: 0.525,
    Construction.HEADLINE: 0.64,
    Construction.TRANSCRIPT: 0.85,
    Construction.EMBEDDED: 0.7,
    Construction.CONTINUATION: 0.64,
    Construction.UNATTRIBUTED: 0.2,
}
# a verb outside the lexicon that introduces a quotation with a colon ("Lindqvist continued:")
UNLISTED_VERB_WEIGHT = 0.7
SPEAKER_FACTOR = {"explicit": 1.0, "alias": 1.0, "coreference": 0.9, "unresolved": 0.8}
NO_SPEAKER_FACTOR = 0.6


def confidence(construction: Construction, cue_weight: float, speaker: Speaker | None) -> float:
    """The quote's confidence, rounded to three places."""
    if speaker is None or (speaker.name is None and speaker.description is None):
        factor = NO_SPEAKER_FACTOR
    else:
        factor = SPEAKER_FACTOR[speaker.resolution]
    return round(BASE[construction] * cue_weight * factor, 3)
