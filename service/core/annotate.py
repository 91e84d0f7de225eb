"""The one way into the engine for the API, the CLI and the Spark job.

Documents go in with the options a caller chose; records come out in the API's
response shape, one per document and in input order: ``{"index", "id", "quotes",
"speakers"}``, or ``{"index", "id", "error"}`` for a document that could not be
processed (too long, unencodable, or a fault of ours), so one bad document never
costs the others their answers. The HTTP endpoints, ``quotes`` (the CLI) and
``service.offline.spark`` all call :class:`Annotator`, so a line of the CLI's output, a row of
the Spark job and an HTTP response are the same data.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..engine.names.gazetteer import Gazetteer
from ..engine.pipeline import pipe
from ..engine.text.unicode import lone_surrogate
from .config import Settings
from .offsets import convert_spans, converter
from .options import Options
from .pipeline import load_pipeline, model_info
from .problems import PROBLEM_TYPE, title
from .schemas import QuoteSchema, SpeakerSummarySchema

log = logging.getLogger("service")
_quotes_out, _speakers_out = QuoteSchema(many=True), SpeakerSummarySchema(many=True)


@dataclass(frozen=True)
class Document:
    """One text to annotate and the caller's id for it."""

    text: str
    id: str | None = None


@dataclass(frozen=True)
class DocumentProblem:
    """Why one document got no answer, as an RFC 9457 problem (``type`` is ``urn:quotes:problem:<slug>``)
    naming the document's ``field`` at fault."""

    status: int
    slug: str
    detail: str
    field: str | None = None

    def errors(self) -> dict[str, list[str]] | None:
        """Field errors, as a schema violation reports them."""
        return {self.field: [self.detail]} if self.field else None

    def to_dict(self) -> dict[str, Any]:
        out = {"type": PROBLEM_TYPE + self.slug, "title": title(self.status), "status": self.status,
               "detail": self.detail}
        return {**out, "errors": self.errors()} if self.field else out


class Annotator:
    """A loaded pipeline with the service's settings: documents in, response records out."""

    def __init__(self, nlp: Language, settings: Settings) -> None:
        self.nlp = nlp
        self.settings = settings
        self.component = nlp.get_pipe("quote_attribution")
        self.defaults = settings.options()
        self.info = {**model_info(nlp), "service_version": __version__, "data": self.component.provenance["data"]}
        self._warm()

    def _warm(self) -> None:
        """Run each scope once outside any memory zone, so what the pipeline builds on first
        use (the cue matcher and the words of its patterns) is permanent, not freed with the
        first request's zone."""
        for scope in ("quotes", "attributions"):
            doc = self.nlp.make_doc("“We are ready,” the minister said, according to officials.")
            doc._.quote_options = {"scope": scope}
            self.nlp(doc)

    @classmethod
    def load(cls, settings: Settings) -> "Annotator":
        """The pipeline ``settings`` name, loaded with their gazetteer and defaults: the one way
        the service, the CLI and the Spark job load it (raises nlp.ModelLoadError)."""
        return cls(load_pipeline(settings.spacy_model, settings.gazetteer_path, scope=settings.scope,
                                 join_split=settings.join_split, gazetteer_people=settings.gazetteer_people),
                   settings)

    def model(self, options: Options, request_entries: int = 0) -> dict[str, Any]:
        """The ``model`` object of a response: everything that decides its answer, so that no
        change of setting, data or request changes results silently. The pipeline and service
        version, the digest of the engine's data files, the gazetteer in force (built-in people
        in or out, the digest of a QUOTES_GAZETTEER file, how many entries the request added)
        and the options applied."""
        provenance = self.component.provenance
        gazetteer = {"people": provenance["people"], "file": provenance["file"], "request_entries": request_entries}
        return {**self.info, "gazetteer": gazetteer, "options": asdict(options)}

    def gazetteer(self, entries: Iterable[Any] | None) -> Gazetteer | None:
        """A request's gazetteer entries merged over the service's, once for all its documents."""
        entries = list(entries or ())
        return self.component.gazetteer_for(entries) if entries else None

    def problem(self, document: Document) -> DocumentProblem | None:
        """Why this document cannot be processed, or None: a text over the limit, or a text or
        id that is not Unicode text (a lone surrogate, which JSON's "\\ud800" escape can give)."""
        limit = self.settings.max_text_chars
        if len(document.text) > limit:
            return DocumentProblem(413, "text-too-long",
                                   f"the text has {len(document.text)} characters; the limit is {limit} "
                                   "(QUOTES_MAX_TEXT_CHARS)", "text")
        for name in ("text", "id"):
            offset = lone_surrogate(getattr(document, name) or "")
            if offset is not None:
                return DocumentProblem(422, "validation-error",
                                       f"the {name} is not Unicode text: a lone surrogate at offset {offset}", name)
        return None

    def annotate(self, documents: Iterable[Document], options: Options | None = None,
                 gazetteer: Gazetteer | None = None, chunk: int | None = None) -> Iterator[dict[str, Any]]:
        """One record per document, in input order, streaming: at most ``chunk`` documents
        (default: 4 parser batches) are held at a time, parsed in order of length."""
        options = options or self.defaults
        chunk = chunk or 4 * self.settings.batch_size
        items = enumerate(documents)
        while batch := list(islice(items, chunk)):
            yield from self._chunk(batch, options, gazetteer)

    def one(self, document: Document, options: Options | None = None,
            gazetteer: Gazetteer | None = None) -> dict[str, Any]:
        """The record for a single document."""
        return next(self.annotate([document], options, gazetteer, chunk=1))

    def _chunk(self, batch: list[tuple[int, Document]], options: Options,
               gazetteer: Gazetteer | None) -> list[dict[str, Any]]:
        """The records of ``batch``, made inside a spaCy memory zone: the words the texts bring
        are forgotten once the records are plain data, so a worker's vocabulary does not grow
        with every new word it is sent (Docs must not outlive the zone, and none do)."""
        with self.nlp.memory_zone():
            return self._records(batch, options, gazetteer)

    def _records(self, batch: list[tuple[int, Document]], options: Options,
                 gazetteer: Gazetteer | None) -> list[dict[str, Any]]:
        records: dict[int, dict[str, Any]] = {}
        todo = []
        for index, document in batch:
            problem = self.problem(document)
            if problem is not None:  # an id that is not Unicode text cannot be sent back
                records[index] = {"index": index, "id": None if problem.field == "id" else document.id,
                                  "error": problem.to_dict()}
            else:
                todo.append((index, document))
        # the network pads each batch to its longest text: neighbours of similar length waste least
        todo.sort(key=lambda item: len(item[1].text))
        try:
            docs = list(pipe(self.nlp, (self._doc(d, options, gazetteer) for _, d in todo),
                             self.settings.batch_size))
        except Exception:  # a fault of ours in one document: find it, answer the others
            docs = [self._parse_alone(index, d, options, gazetteer) for index, d in todo]
        for (index, document), doc in zip(todo, docs):
            problem = doc if isinstance(doc, DocumentProblem) else self._too_many_quotes(doc)
            if problem is not None:
                records[index] = {"index": index, "id": document.id, "error": problem.to_dict()}
            else:
                records[index] = {"index": index, "id": document.id, **self.result(doc, options)}
        return [records[index] for index, _ in batch]

    def _too_many_quotes(self, doc: Doc) -> DocumentProblem | None:
        """A reply is bounded by its text: news has a few quotes per 1,000 characters, a
        generated text ("\"X,\" he said. " again and again) can have one per 15, and each
        quote's answer is some 400 bytes."""
        per_1k = self.settings.max_quotes_per_1k_chars
        allowed = max(per_1k, len(doc.text) * per_1k // 1000)
        if per_1k and len(doc._.quotes) > allowed:
            return DocumentProblem(413, "too-many-quotes",
                                   f"the text yields {len(doc._.quotes)} quotes in {len(doc.text)} characters; the "
                                   f"limit is {per_1k} per 1,000 characters (QUOTES_MAX_QUOTES_PER_1K_CHARS)", "text")
        return None

    def _parse_alone(self, index: int, document: Document, options: Options,
                     gazetteer: Gazetteer | None) -> Doc | DocumentProblem:
        try:
            return next(pipe(self.nlp, [self._doc(document, options, gazetteer)], 1))
        except Exception:
            log.exception("engine failure", extra={"document_index": index, "document_id": document.id})
            return DocumentProblem(500, "internal-error",
                                   "the engine failed on this document; it is logged with its index")

    def _doc(self, document: Document, options: Options, gazetteer: Gazetteer | None) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.quote_options = options.engine()
        if gazetteer is not None:
            doc._.quote_gazetteer = gazetteer
        return doc

    @staticmethod
    def result(doc: Doc, options: Options) -> dict[str, Any]:
        """``quotes`` and ``speakers`` of one parsed document (the engine applied the options'
        confidence floor), with offsets in the unit asked for."""
        body = {"quotes": _quotes_out.dump(doc._.quotes), "speakers": _speakers_out.dump(doc._.speakers)}
        convert = converter(doc.text, options.offsets)
        return body if convert is int else convert_spans(body, convert)
