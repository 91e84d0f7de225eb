"""POST /v1/quotes and /v1/quotes/batch: the service's one resource.

Every rule about what a request may hold is a marshmallow schema (``service.core.schemas``:
the JSON body, the query string and the text/plain form alike); what is left here is
reading the body and the request-level limits from the settings (413s).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator
from urllib.parse import unquote_to_bytes

from flask import Blueprint, current_app, g, jsonify, request
from marshmallow import Schema, ValidationError

from ...core.annotate import Annotator, Document
from ...core.options import OptionsSchema
from ...core.schemas import (
    BatchRequestSchema,
    QuoteQuerySchema,
    QuoteRequestSchema,
)
from ...engine.text.unicode import lone_surrogate
from .. import metrics
from ..deadline import ProcessingTimeout, deadline
from ..errors import ApiError

bp = Blueprint("quotes", __name__, url_prefix="/v1")
_single_in, _batch_in = QuoteRequestSchema(), BatchRequestSchema()
_single_query, _batch_query = QuoteQuerySchema(strings=True), OptionsSchema(strings=True)


def _json_body() -> Any:
    raw = request.get_data(cache=False)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_object)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid-encoding", f"the body is not valid UTF-8 (byte {exc.start})") from None
    except (json.JSONDecodeError, ValueError) as exc:
        raise ApiError(400, "invalid-json", f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "invalid-json", "the JSON body is nested too deeply") from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are Unicode text: a key with a lone surrogate could not even be
    named in an error (string values are the schemas' and the annotator's to check)."""
    for key, _ in pairs:
        if lone_surrogate(key) is not None:
            raise ApiError(400, "invalid-encoding", f"the JSON key {ascii(key)} is not Unicode text "
                                                    "(a lone surrogate)")
    return dict(pairs)


def _plain_body() -> str:
    raw = request.get_data(cache=False)
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        return raw.decode(charset)
    except LookupError:
        raise ApiError(415, "unsupported-charset", f"unknown charset {charset!r}; send UTF-8") from None
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid-encoding", f"the body is not valid {charset} (byte {exc.start})") from None


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def _load(schema: Schema, data: Any) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ApiError(422, "validation-error", "the request does not match the schema", exc.messages) from None


def _payload(body_schema: Schema, query_schema: Schema, body: Any) -> dict[str, Any]:
    """The body's values, and the query parameters' where the body leaves a value null."""
    payload = _load(body_schema, body)
    try:  # werkzeug would keep undecodable escapes ("%ED%A0%80") as they are, silently
        unquote_to_bytes(request.query_string).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid-encoding", f"the query string is not UTF-8 once percent-decoded "
                                                f"(byte {exc.start})") from None
    for key, value in _load(query_schema, request.args).items():
        if payload.get(key) is None and value is not None:
            payload[key] = value
    settings = current_app.config["SETTINGS"]
    if len(payload["gazetteer"]) > settings.max_gazetteer_entries:
        raise ApiError(413, "too-many-gazetteer-entries",
                       f"at most {settings.max_gazetteer_entries} gazetteer entries per request "
                       "(QUOTES_MAX_GAZETTEER_ENTRIES)")
    return payload


def _count(records: list[dict[str, Any]]) -> None:
    """What the request log and the metrics report."""
    for record in records:
        if "error" in record:
            slug = record["error"]["type"].rsplit(":", 1)[-1]
            errors = g.setdefault("document_errors", {})
            errors[slug] = errors.get(slug, 0) + 1
        for quote in record.get("quotes", ()):
            g.quotes_found = g.get("quotes_found", 0) + 1
            types = g.setdefault("quote_types", {})
            types[quote["type"]] = types.get(quote["type"], 0) + 1


@contextmanager
def _time_budget() -> Iterator[None]:
    """Processing beyond QUOTES_MAX_PROCESSING_SECONDS is a 413: the content is too much to do.
    The default limits keep every batch they accept well inside it (README, "Limits")."""
    limit = current_app.config["SETTINGS"].max_processing_seconds
    try:
        with deadline(limit):
            yield
    except ProcessingTimeout:
        metrics.DEADLINES.labels("processing").inc()
        raise ApiError(413, "processing-time-exceeded",
                       f"processing took longer than {limit:g} s (QUOTES_MAX_PROCESSING_SECONDS); "
                       "send less text per request") from None


@bp.post("/quotes")
def quotes():
    """Every quote in one article, with speaker, role, verb and offsets."""
    if _is_json(request.mimetype):
        body = _json_body()
    elif request.mimetype == "text/plain":
        body = {"text": _plain_body()}
    else:
        raise ApiError(415, "unsupported-media-type",
                       f"send application/json or text/plain, not {request.mimetype or 'no content type'}")
    payload = _payload(_single_in, _single_query, body)
    annotator: Annotator = current_app.extensions["annotator"]
    document = Document(payload["text"], payload["id"])
    problem = annotator.problem(document)
    if problem is not None:
        raise ApiError(problem.status, problem.slug, problem.detail, problem.errors())
    g.text_chars = len(document.text)
    options = annotator.defaults.overridden(payload)
    with _time_budget():
        record = annotator.one(document, options, annotator.gazetteer(payload["gazetteer"]))
    if "error" in record:
        error = record["error"]
        raise ApiError(error["status"], error["type"].rsplit(":", 1)[-1], error["detail"], error.get("errors"))
    _count([record])
    return jsonify({"id": record["id"], "model": annotator.model(options, len(payload["gazetteer"])),
                    "quotes": record["quotes"], "speakers": record["speakers"]})


@bp.post("/quotes/batch")
def batch():
    """Several articles in one request, processed together with nlp.pipe; a document that
    cannot be processed gets its own error record and the others their answers."""
    if not _is_json(request.mimetype):
        raise ApiError(415, "unsupported-media-type", "send application/json")
    payload = _payload(_batch_in, _batch_query, _json_body())
    settings = current_app.config["SETTINGS"]
    documents = payload["documents"]
    if len(documents) > settings.max_batch_documents:
        raise ApiError(413, "batch-too-large",
                       f"{len(documents)} documents; the limit is {settings.max_batch_documents} "
                       "(QUOTES_MAX_BATCH_DOCUMENTS)")
    total = sum(len(d["text"]) for d in documents)
    if total > settings.max_batch_chars:
        raise ApiError(413, "batch-too-large",
                       f"{total} characters in all; the limit is {settings.max_batch_chars} (QUOTES_MAX_BATCH_CHARS)")
    g.text_chars = total
    annotator: Annotator = current_app.extensions["annotator"]
    options = annotator.defaults.overridden(payload)
    docs = [Document(d["text"], d["id"]) for d in documents]
    with _time_budget():
        results = list(annotator.annotate(docs, options, annotator.gazetteer(payload["gazetteer"]),
                                          chunk=len(docs)))
    _count(results)
    return jsonify({"model": annotator.model(options, len(payload["gazetteer"])), "results": results})
