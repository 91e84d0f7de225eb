"""From a parsed document to its quotes: the engine's steps, in order.

1. quotation marks paired on the raw text (``quotes.marks``), paragraphs, transcripts;
2. reporting cues found in one pass (``lexicon.cues``) and their contents read off the parse
   (``quotes.verbs``, ``quotes.frames``, ``quotes.verbless``), outside quotations, each with
   its source mention (``sources``);
3. marks and candidates merged into direct, indirect and mixed quotes (``quotes.assemble``);
4. sources resolved to speakers and roles (``speakers``, over ``names`` and ``roles``), in
   the order they appear;
5. split quotes joined if asked (``quotes.fragments``), ids given, speakers summed up.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Callable

from spacy.tokens import Doc

from .confidence import confidence
from .lexicon.cues import CueLexicon
from .lexicon.words import Words
from .names.gazetteer import Gazetteer
from .quotes.assemble import Assembler, Draft
from .quotes.candidates import Candidate, CueHit
from .quotes.fragments import join_split
from .quotes.marks import find_quotes
from .quotes.verbless import VerblessFinder
from .quotes.verbs import IndirectFinder
from .results import Quote, Speaker, SpeakerSummary, Verb, number_speakers, summarize
from .speakers.resolver import SpeakerResolver
from .text.paragraphs import paragraph_spans
from .text.scan import text_of

# Reported speech nests ("A said B told C that ..."); beyond this depth the levels are
# generated text, not news, and each would repeat the whole rest of the text.
MAX_NESTING = 3


class Extractor:
    """The rules with their data (cue lexicon, word lists): ``extractor(doc, gazetteer)``."""

    def __init__(self, lexicon: CueLexicon, words: Words) -> None:
        self.lexicon = lexicon
        self.words = words

    def __call__(self, doc: Doc, gazetteer: Gazetteer, wide: bool = False,
                 join: bool = False) -> tuple[list[Quote], list[SpeakerSummary]]:
        """Every quote of ``doc`` with its speaker, and the speakers' summaries; ``wide`` for
        the "attributions" scope, ``join`` to join split quotes."""
        text = text_of(doc)
        if not text.strip() or not len(doc):
            return [], []
        marks = find_quotes(text)
        paragraphs = paragraph_spans(text)
        finder = IndirectFinder(doc, self.lexicon, self.words)
        verbless = VerblessFinder(doc, self.lexicon, self.words)
        transcripts = [c for paragraph in paragraphs for c in verbless.for_transcript(paragraph)]
        # speech reported inside someone's words (quoted, or a transcript's) is theirs, not ours
        quoted = _interval_test(_union([(m.inner_start, m.inner_end) for m in marks]
                                       + [(c.start, c.end) for c in transcripts]))
        candidates, hits = self._candidates(doc, finder, verbless, paragraphs, quoted, wide)
        drafts = Assembler(doc, text, paragraphs).assemble(marks, _bounded_nesting(candidates + transcripts), hits)
        resolver = SpeakerResolver(doc, gazetteer, self.words, self.lexicon, quoted)
        quotes = self._resolved(text, drafts, resolver)
        quotes.sort(key=lambda q: (q.start, q.end))
        if join:
            quotes = join_split(quotes, text)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        number_speakers(quotes)
        mentions = {q.speaker.doc_key: resolver.mentions(q.speaker) for q in quotes
                    if q.speaker is not None and q.speaker.doc_key is not None}
        return quotes, summarize(quotes, mentions)

    def _candidates(self, doc: Doc, finder: IndirectFinder, verbless: VerblessFinder,
                    paragraphs: list[tuple[int, int]], quoted: Callable[[int], bool],
                    wide: bool) -> tuple[list[Candidate], list[CueHit]]:
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
        candidates.extend(c for tok in according if not quoted(tok.idx) for c in verbless.for_according(tok))
        if paragraphs:
            candidates.extend(verbless.for_headline(paragraphs[0]))
        candidates.extend(c for tok in source_phrases if not quoted(tok.idx) for c in verbless.for_source_phrase(tok))
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


def _without_nested_attitudes(candidates: list[Candidate]) -> list[Candidate]:
    """Drop beliefs and stances stated inside what someone is reported to say: in "he said
    voters support Okafor" the support is his claim, not a second attribution. Nested speech
    stays ("A said B told C"), and so do attitudes inside attitudes ("wants to back Lindqvist")."""
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
