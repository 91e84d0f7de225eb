"""The reporting-cue lexicon: which words introduce speech, and how.

The lexicon lives in ``data/cues.yaml``. At load time every verb is expanded to
its inflected forms so that one spaCy ``PhraseMatcher`` pass over the doc finds all
candidate cues in C, rather than a Python loop over every token, and so that
headline Title Case ("China Announces"), which the lemmatizer misses, still
matches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .datafiles import DataFileError, builtin, load_yaml

_FRAMES = {"clause", "object", "infinitive", "predicate", "evidential"}


@dataclass(frozen=True)
class CueSense:
    """How one reporting verb carries its content (see data/cues.yaml)."""

    lemma: str
    frames: frozenset[str]
    preps: frozenset[str] = frozenset()
    via: frozenset[str] = frozenset()
    weight: float = 1.0
    attitude: bool = False  # only in scope "attributions", not a speech verb at all


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb lemma."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


_CLOSING_MARKS = {",", "”", "\"", "’", "'", "''"}


def _closing_attribution(token: Token, subject_pronouns: frozenset[str]) -> bool:
    """ "“…,” Brandt notes." -- the tagger often reads a cue after a name as a plural noun
    or part of the name; after a quotation and a short name, at the sentence's end, it is
    the cue."""
    if token.pos_ not in ("NOUN", "PROPN") or token.is_sent_start:
        return False
    doc = token.doc
    if token.i + 1 < len(doc) and not doc[token.i + 1].is_punct:
        return False
    first = token.i
    while first > 0 and token.i - first < 3 and (doc[first - 1].pos_ == "PROPN"
                                                 or doc[first - 1].lower_ in subject_pronouns):
        first -= 1
    return first < token.i and first > 0 and doc[first - 1].text in _CLOSING_MARKS


def _senses(verbs: dict, attitude: bool = False) -> dict[str, CueSense]:
    senses = {}
    for lemma, spec in verbs.items():
        spec = spec or {}
        frames = frozenset(spec.get("frames", []))
        if not frames <= _FRAMES:
            raise DataFileError(f"cue {lemma!r}: unknown frames {sorted(frames - _FRAMES)}")
        senses[lemma] = CueSense(
            lemma=lemma,
            frames=frames,
            preps=frozenset(spec.get("preps", [])),
            via=frozenset(spec.get("via", [])),
            weight=float(spec.get("weight", 1.0)),
            attitude=attitude,
        )
    return senses


@dataclass
class CueLexicon:
    """Reporting verbs and the other cue words, ready for matching."""

    senses: dict[str, CueSense]  # scope "quotes": speech acts with a reported content
    wide_senses: dict[str, CueSense]  # scope "attributions": also beliefs, intentions, stances
    forms: dict[str, str]  # inflected form -> lemma
    quoting_verbs: frozenset[str]
    statement_nouns: frozenset[str]  # the published ones included
    published_nouns: frozenset[str]
    source_nouns: frozenset[str] = frozenset()
    headline_labels: frozenset[str] = frozenset()
    according_to_weight: float = 1.0
    subject_pronouns: frozenset[str] = frozenset()  # a closing cue may follow one ("...,” he notes.")
    data: dict = field(default_factory=dict, repr=False)  # as loaded, for to_disk
    _matchers: dict[int, PhraseMatcher] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | Path | None = None, subject_pronouns: frozenset[str] = frozenset()) -> "CueLexicon":
        """The lexicon in ``path`` (default: the built-in ``data/cues.yaml``)."""
        return cls.from_data(load_yaml(path) if path else builtin("cues.yaml"), subject_pronouns, str(path or ""))

    @classmethod
    def from_data(cls, data: dict, subject_pronouns: frozenset[str] = frozenset(), label: str = "") -> "CueLexicon":
        try:
            senses = _senses(data["verbs"])
            extra = data.get("attributions") or {}
            wide = {**senses, **_senses({k: v for k, v in extra.items() if k in senses}),
                    **_senses({k: v for k, v in extra.items() if k not in senses}, attitude=True)}
            forms: dict[str, str] = {}
            for lemma in wide:
                for form in _inflections(lemma) | set(data.get("irregular", {}).get(lemma, [])):
                    forms.setdefault(form, lemma)
            return cls(
                senses=senses,
                wide_senses=wide,
                forms=forms,
                quoting_verbs=frozenset(data.get("quoting_verbs", [])),
                statement_nouns=frozenset(data.get("statement_nouns", []) + data.get("published_nouns", [])),
                published_nouns=frozenset(data.get("published_nouns", [])),
                source_nouns=frozenset(data.get("source_nouns", [])),
                headline_labels=frozenset(data.get("headline_labels", [])),
                according_to_weight=float((data.get("according_to") or {}).get("weight", 1.0)),
                subject_pronouns=subject_pronouns,
                data=data,
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise DataFileError(f"cue lexicon {label or 'cues.yaml'} is malformed: {exc}") from exc

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """A PhraseMatcher on lower-case forms (cached per vocab): one hash lookup per token.

        Labels verb forms VERB, "according to" ACCORDING and "in" IN.
        """
        key = id(vocab)
        if key not in self._matchers:
            matcher = PhraseMatcher(vocab, attr="LOWER")
            matcher.add("VERB", [Doc(vocab, words=[form]) for form in sorted(self.forms)])
            matcher.add("ACCORDING", [Doc(vocab, words=["according", "to"])])
            matcher.add("IN", [Doc(vocab, words=["in"])])
            self._matchers[key] = matcher
        return self._matchers[key]

    def sense_of(self, token: Token, wide: bool = False) -> CueSense | None:
        """The cue sense of ``token`` if it is used as a verb here; ``wide`` for the
        "attributions" scope."""
        senses = self.wide_senses if wide else self.senses
        lemma = token.lemma_.lower()
        sense = senses.get(lemma) or senses.get(self.forms.get(token.lower_, ""))
        if sense is None:
            return None
        if token.pos_ in ("VERB", "AUX") or _closing_attribution(token, self.subject_pronouns):
            return sense
        # Title Case headlines get tagged as proper nouns; accept a clause head there.
        if token.is_title and (token.dep_ in ("ROOT", "ccomp", "conj", "relcl")
                               or any(c.dep_ == "nsubj" for c in token.children)):
            return sense
        return None

    def candidates(self, doc: Doc) -> tuple[list[Token], list[Token], list[Token]]:
        """Verb cue tokens, the "according" of "according to", and sentence-opening "In" of
        "In a statement, ..." (its object a source noun), each in order."""
        verbs, according, sources = [], [], []
        seen = set()
        for match_id, start, _end in self.matcher(doc.vocab)(doc):
            label = doc.vocab.strings[match_id]
            if label == "ACCORDING":
                according.append(doc[start])
            elif label == "IN":
                tok = doc[start]
                if tok.is_sent_start and any(c.dep_ == "pobj" and c.lemma_.lower() in self.source_nouns
                                             for c in tok.children):
                    sources.append(tok)
            elif start not in seen:
                seen.add(start)
                verbs.append(doc[start])
        verbs.sort(key=lambda t: t.i)
        return verbs, according, sources
