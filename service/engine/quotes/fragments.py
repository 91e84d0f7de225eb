"""Joining a quote split by its attribution into one quote with fragments.

By default "“A,” she said. “B.”" gives two quotes with one speaker (the seed
annotation convention). Attribution corpora such as PolNeAR and PARC annotate it as
one attribution with two content fragments; ``join_split`` gives that shape: one
quote whose ``start``/``end`` cover all of it and whose ``fragments`` are the parts.
"""
from __future__ import annotations

from dataclasses import replace

from ..results import Quote, TextSpan


def join_split(quotes: list[Quote], text: str) -> list[Quote]:
    """Join neighbouring quotes of one paragraph that hang on the same cue and speaker.

    ``quotes`` are sorted by start; a quote another one lies inside is left alone.
    """
    groups: list[list[Quote]] = []
    for quote in quotes:
        last = groups[-1][-1] if groups else None
        if last is not None and _continues(last, quote, text):
            groups[-1].append(quote)
        else:
            groups.append([quote])
    return [group[0] if len(group) == 1 else _joined(group, text) for group in groups]


def _continues(prev: Quote, quote: Quote, text: str) -> bool:
    if prev.verb is None or quote.verb is None or prev.end > quote.start:
        return False
    if (prev.verb.start, prev.verb.end) != (quote.verb.start, quote.verb.end):
        return False
    if "\n" in text[prev.end:quote.start]:
        return False  # another paragraph: a new attribution
    return _speaker_key(prev) == _speaker_key(quote)


def _speaker_key(quote: Quote) -> tuple:
    spk = quote.speaker
    if spk is None:
        return (None,)
    mention = (spk.mention.start, spk.mention.end) if spk.mention else None
    return spk.name, spk.description, mention


def _joined(group: list[Quote], text: str) -> Quote:
    first, last = group[0], group[-1]
    kind = "direct" if all(q.type == "direct" for q in group) else "mixed"
    if all(q.type == "indirect" for q in group):
        kind = "indirect"
    return replace(first, type=kind, start=first.start, end=last.end, text=text[first.start:last.end],
                   confidence=max(q.confidence for q in group),
                   fragments=[TextSpan(q.text, q.start, q.end) for q in group])
