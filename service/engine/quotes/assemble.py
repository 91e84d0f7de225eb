"""Putting quotation marks and parse-based candidates together into quotes.

A candidate whose content lies within a pair of quotation marks is a direct
quote; one whose content takes in quoted fragments is mixed; the rest are
indirect. Quotations that no cue claims are attributed by their surroundings:
a cue next to them in the sentence ("“A,” he said, “B.”"; not the next sentence's
verb when the quotation ended its own), a colon introduction, a "he said." sentence
right after, the named subject of the verb whose phrase holds them ("attacking Okafor
as a “failed manager”"), or the quote before them in the paragraph (a quote that
continues someone's words). Short quoted phrases with none of these are scare
quotes, and short capitalised ones (“Blue Harbour Plan”) names; both are dropped.

Marks, cues and drafts are kept sorted and found by bisection, so the cost grows
with the number of quotations, not with its square.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..confidence import Construction
from ..text.sentences import sentence
from .adjacency import governs, only_attribution, source_tokens
from .candidates import Candidate, CueHit
from .frames import has_content
from .marks import QuoteMarks
from .surroundings import characterized, closes_sentence, introduced_by, names_a_thing

_ADJACENT_TOKENS = 6  # how far a cue may sit from a quotation it introduces or closes
_MAX_SOURCE_TOKENS = 20  # a speaker mention, apposition included, between the two
_MIN_UNATTRIBUTED_WORDS = 6


@dataclass
class Draft:
    """A quote before speaker resolution."""

    start: int
    end: int
    type: str
    cue: Span | None
    lemma: str | None
    source: Token | None
    construction: Construction
    weight: float
    parent: "Draft | None" = None  # for continued quotes: whose words they continue
    marks: list[QuoteMarks] = field(default_factory=list)


class Assembler:
    """Merges one document's quotation marks, candidates and cue hits."""

    def __init__(self, doc: Doc, text: str, paragraphs: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = text  # doc.text rebuilds the string on every access: read it once
        self.paragraphs = paragraphs
        self._para_starts = [p[0] for p in paragraphs]

    def paragraph_of(self, char: int) -> int:
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def token_at(self, char: int) -> Token:
        span = self.doc.char_span(char, min(char + 1, len(self.text)), alignment_mode="expand")
        if span is None or not len(span):
            return self.doc[0]
        return span[0]

    def assemble(self, marks: list[QuoteMarks], candidates: list[Candidate], hits: list[CueHit]) -> list[Draft]:
        drafts: list[Draft] = []
        claimed: set[int] = set()  # indices into marks
        seen_spans: set[tuple[int, int]] = set()
        mark_ends = [m.end for m in marks]  # marks do not overlap: ends are sorted too
        for cand in candidates:
            draft = self._classify(cand, marks, mark_ends, claimed)
            if draft is None or (draft.start, draft.end) in seen_spans:
                continue
            seen_spans.add((draft.start, draft.end))
            drafts.append(draft)
        drafts.sort(key=lambda d: d.start)
        starts = [d.start for d in drafts]
        hits = sorted(hits, key=lambda h: h.verb.i)
        by_sentence: dict[int, list[CueHit]] = {}
        for hit in hits:
            by_sentence.setdefault(sentence(hit.verb).start, []).append(hit)
        hit_positions = [h.verb.i for h in hits]
        for index, mark in enumerate(marks):
            if index in claimed:
                continue
            draft = self._attribute_mark(mark, hits, hit_positions, by_sentence, drafts, starts)
            if draft is not None and (draft.start, draft.end) not in seen_spans:
                seen_spans.add((draft.start, draft.end))
                at = bisect_right(starts, draft.start)
                starts.insert(at, draft.start)
                drafts.insert(at, draft)
        return drafts

    # -- candidates against marks --------------------------------------------------
    def _classify(self, cand: Candidate, marks: list[QuoteMarks], mark_ends: list[int],
                  claimed: set[int]) -> Draft | None:
        first = bisect_right(mark_ends, cand.start)  # the first mark ending after the content starts
        inside = []
        for i in range(first, len(marks)):
            if marks[i].start >= cand.end:
                break
            inside.append(i)
        if cand.construction is Construction.QUOTED_OBJECT and not inside:
            return None  # a plain object of "declare" is a thing, not a statement
        base = dict(cue=cand.cue, lemma=cand.lemma, source=cand.source,
                    construction=cand.construction, weight=cand.weight)
        if not inside:  # a transcript's words are the speaker's own, marks or none
            kind = "direct" if cand.construction is Construction.TRANSCRIPT else "indirect"
            return Draft(cand.start, cand.end, kind, **base)
        claimed.update(inside)
        text = self.text
        if len(inside) == 1:
            mark = marks[inside[0]]
            outside = any(c.isalnum() for c in text[cand.start:mark.start] + text[mark.end:cand.end])
            if not outside:
                start, end = _strip(text, mark.inner_start, mark.inner_end)
                return Draft(start, end, "direct", marks=[mark], **{**base, "construction": Construction.DIRECT})
        start = min(cand.start, marks[inside[0]].start)
        end = max(cand.end, marks[inside[-1]].end)
        return Draft(start, end, "mixed", marks=[marks[i] for i in inside], **base)

    # -- quotation marks no cue claimed ----------------------------------------------
    def _attribute_mark(self, mark: QuoteMarks, hits: list[CueHit], hit_positions: list[int],
                        by_sentence: dict[int, list[CueHit]], drafts: list[Draft], starts: list[int]) -> Draft | None:
        start, end = _strip(self.text, mark.inner_start, mark.inner_end)
        if start >= end:
            return None
        para = self.paragraph_of(mark.start)
        hit, how = self._nearby_hit(mark, hits, hit_positions, by_sentence, para)
        if hit is not None:
            return Draft(start, end, "direct", hit.cue, hit.lemma, hit.source, how, hit.weight, marks=[mark])
        if names_a_thing(self.doc, mark):
            return None  # “Blue Harbour Plan”: the name of a thing, not anyone's words
        said = characterized(self.token_at(mark.start))
        if said is not None:
            return Draft(start, end, "direct", said.cue, said.lemma, said.source, Construction.EMBEDDED, said.weight,
                         marks=[mark])
        parent = self._previous_quote(mark, drafts, starts, para)
        if parent is not None:
            # the words go on under the same attribution: same speaker, same reporting verb
            return Draft(start, end, "direct", parent.cue, parent.lemma, parent.source, Construction.CONTINUATION,
                         1.0, parent=parent, marks=[mark])
        if len(self.text[start:end].split()) >= _MIN_UNATTRIBUTED_WORDS:
            return Draft(start, end, "direct", None, None, None, Construction.UNATTRIBUTED, 1.0, marks=[mark])
        return None

    def _nearby_hit(self, mark: QuoteMarks, hits: list[CueHit], hit_positions: list[int],
                    by_sentence: dict[int, list[CueHit]], para: int) -> tuple[CueHit | None, Construction]:
        open_tok = self.token_at(mark.start)
        close_tok = self.token_at(max(mark.end - 1, mark.start))
        best: tuple[int, CueHit] | None = None
        reach = _ADJACENT_TOKENS + _MAX_SOURCE_TOKENS
        lo = bisect_left(hit_positions, open_tok.i - reach)
        hi = bisect_right(hit_positions, close_tok.i + reach)
        for hit in hits[lo:hi]:
            if self.paragraph_of(hit.verb.idx) != para or mark.start <= hit.verb.idx < mark.end:
                continue
            if hit.source is not None and hit.source.left_edge.idx <= mark.start < hit.source.right_edge.idx:
                continue  # a nickname in the speaker's own name: Rosa “Ro” Ferrand said
            if hit.verb.i > close_tok.i:
                if closes_sentence(self.text, mark) and has_content(hit.verb):
                    continue  # the next sentence reports words of its own
                between = self.doc[close_tok.i + 1:hit.verb.i]
            else:
                between = self.doc[hit.verb.i + 1:open_tok.i]
            # the speaker's own words ("Jonas Brandt, a longtime adviser to the mayor,") do not count
            gap = len(between) + 1 - source_tokens(between, hit)
            if gap > _ADJACENT_TOKENS or not only_attribution(between, hit):
                continue
            if best is None or gap < best[0]:
                best = (gap, hit)
        if best is not None:
            return best[1], Construction.DIRECT
        # "he warned of the cost of “merchants of gloom”": a quotation inside the phrase of
        # a reporting verb earlier in its sentence, which the verb's frames did not take
        for hit in by_sentence.get(sentence(open_tok).start, ()):
            if hit.source is not None and hit.verb.i < open_tok.i and governs(hit.verb, open_tok):
                return hit, Construction.EMBEDDED
        # a colon introduction, possibly at the end of the previous paragraph
        before = self._previous_char(mark.start)
        if before >= 0 and self.text[before] == ":":
            colon = self.token_at(before)
            for hit in by_sentence.get(sentence(colon).start, ()):
                if hit.verb.i < colon.i:
                    return hit, Construction.COLON
            introducing = introduced_by(colon)
            if introducing is not None:
                return introducing, Construction.COLON
        # "“...” He said." -- the next sentence of the paragraph is just the cue
        nxt = close_tok.i + 1
        while nxt < len(self.doc) and nxt - close_tok.i <= _ADJACENT_TOKENS and \
                (self.doc[nxt].is_punct or self.doc[nxt].is_space):
            nxt += 1
        if nxt < len(self.doc) and self.paragraph_of(self.doc[nxt].idx) == para:
            sent = sentence(self.doc[nxt])
            if len(sent) <= 3 * _ADJACENT_TOKENS and sum(1 for t in sent if not t.is_punct) <= 8:
                hit = next(iter(by_sentence.get(sent.start, ())), None)
                if hit is not None and not has_content(hit.verb):  # not a verb with words of its own
                    return hit, Construction.DIRECT
        return None, Construction.DIRECT

    def _previous_char(self, pos: int) -> int:
        """Index of the last non-space character before ``pos``, or -1."""
        pos -= 1
        while pos >= 0 and self.text[pos].isspace():
            pos -= 1
        return pos

    def _previous_quote(self, mark: QuoteMarks, drafts: list[Draft], starts: list[int], para: int) -> Draft | None:
        """The attributed quote this one continues: earlier in the paragraph, or in the previous
        paragraph when this one opens with the quotation."""
        k = bisect_left(starts, mark.start) - 1
        if k < 0:
            return None
        draft = drafts[k]
        if draft.source is None and draft.parent is None:
            return None
        opens_para = self._previous_char(mark.start) < self.paragraphs[para][0]
        d_para = self.paragraph_of(draft.start)
        if d_para == para or (opens_para and d_para == para - 1):
            return draft.parent or draft
        return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
