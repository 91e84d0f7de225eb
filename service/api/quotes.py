"""POST /v1/quotes and /v1/quotes/batch: the service's one resource."""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

from flask import Blueprint, current_app, g, jsonify, request
from marshmallow import ValidationError

from ..annotate import Annotator, Document, Options
from ..deadline import ProcessingTimeout, deadline
from ..engine.options import SCOPES
from ..errors import ApiError
from ..offsets import UNITS
from ..schemas import BatchRequestSchema, QuoteRequestSchema

bp = Blueprint("quotes", __name__, url_prefix="/v1")
_single_in, _batch_in = QuoteRequestSchema(), BatchRequestSchema()


def _json_body() -> Any:
    raw = request.get_data(cache=False)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid-encoding", f"the body is not valid UTF-8 (byte {exc.start})") from None
    except (json.JSONDecodeError, ValueError) as exc:
        raise ApiError(400, "invalid-json", f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "invalid-json", "the JSON body is nested too deeply") from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


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


def _load(schema, data: Any) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ApiError(422, "validation-error", "the request does not match the schema", exc.messages) from None


def _check_gazetteer(payload: dict[str, Any]) -> None:
    settings = current_app.config["SETTINGS"]
    if len(payload.get("gazetteer") or ()) > settings.max_gazetteer_entries:
        raise ApiError(413, "too-many-gazetteer-entries",
                       f"at most {settings.max_gazetteer_entries} gazetteer entries per request")


def _options(payload: dict[str, Any]) -> Options:
    return current_app.extensions["annotator"].defaults.overridden(payload)


def _count(records: list[dict[str, Any]]) -> None:
    """What the request log and the metrics report."""
    for record in records:
        for quote in record.get("quotes", ()):
            g.quotes_found = g.get("quotes_found", 0) + 1
            types = g.setdefault("quote_types", {})
            types[quote["type"]] = types.get(quote["type"], 0) + 1


@bp.post("/quotes")
def quotes():
    """Every quote in one article, with speaker, role, verb and offsets."""
    mimetype = request.mimetype
    query = _query()
    if _is_json(mimetype):
        payload = _load(_single_in, _json_body())
        for key, value in query.items():  # the body's own values take precedence
            if payload.get(key) is None:
                payload[key] = value
    elif mimetype == "text/plain":
        payload = {"text": _plain_body(), "gazetteer": [], "id": None, "min_confidence": None,
                   "scope": None, "join_split": None, "offsets": None, **query}
    else:
        raise ApiError(415, "unsupported-media-type",
                       f"send application/json or text/plain, not {mimetype or 'no content type'}")
    _check_gazetteer(payload)
    annotator: Annotator = current_app.extensions["annotator"]
    document = Document(payload["text"], payload["id"])
    problem = annotator.problem(document)
    if problem is not None:
        raise ApiError(problem.status, problem.slug, problem.detail)
    g.text_chars = len(document.text)
    options = _options(payload)
    with _time_budget():
        record = annotator.one(document, options, annotator.gazetteer(payload.get("gazetteer")))
    if "error" in record:
        raise ApiError(record["error"]["status"], record["error"]["type"].rsplit(":", 1)[-1],
                       record["error"]["detail"])
    _count([record])
    return jsonify({"id": record["id"], "model": annotator.model(options),
                    "quotes": record["quotes"], "speakers": record["speakers"]})


@contextmanager
def _time_budget() -> Iterator[None]:
    """Processing beyond QUOTES_MAX_PROCESSING_SECONDS is a 413: the content is too much to do."""
    limit = current_app.config["SETTINGS"].max_processing_seconds
    try:
        with deadline(limit):
            yield
    except ProcessingTimeout:
        raise ApiError(413, "processing-time-exceeded",
                       f"processing took longer than {limit:g} s (QUOTES_MAX_PROCESSING_SECONDS); "
                       "send less text per request") from None


def _query() -> dict[str, Any]:
    """The ``id``, ``min_confidence``, ``scope`` and ``join_split`` query parameters,
    validated whatever the body."""
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {key: ["Give this parameter once."]
                                    for key in ("id", "min_confidence", "scope", "join_split", "offsets")
                                    if len(request.args.getlist(key)) > 1}
    if "scope" in request.args:
        out["scope"] = request.args["scope"]
        if out["scope"] not in SCOPES:
            errors["scope"] = [f"Must be one of: {', '.join(SCOPES)}."]
    if "offsets" in request.args:
        out["offsets"] = request.args["offsets"]
        if out["offsets"] not in UNITS:
            errors["offsets"] = [f"Must be one of: {', '.join(UNITS)}."]
    if "join_split" in request.args:
        raw = request.args["join_split"].lower()
        out["join_split"] = raw in ("true", "1")
        if raw not in ("true", "false", "1", "0"):
            errors["join_split"] = ["Must be true or false."]
    if "id" in request.args:
        out["id"] = request.args["id"]
        if len(out["id"]) > 200:
            errors["id"] = ["Longer than maximum length 200."]
    if "min_confidence" in request.args:
        try:
            out["min_confidence"] = float(request.args["min_confidence"])
        except ValueError:
            out["min_confidence"] = float("nan")
        if not 0.0 <= out["min_confidence"] <= 1.0:
            errors["min_confidence"] = ["Must be a number from 0 to 1."]
    if errors:
        raise ApiError(422, "validation-error", "the query parameters do not match the schema", errors)
    return out


@bp.post("/quotes/batch")
def batch():
    """Several articles in one request, processed together with nlp.pipe."""
    if not _is_json(request.mimetype):
        raise ApiError(415, "unsupported-media-type", "send application/json")
    payload = _load(_batch_in, _json_body())
    settings = current_app.config["SETTINGS"]
    documents = payload["documents"]
    if len(documents) > settings.max_batch_documents:
        raise ApiError(413, "batch-too-large",
                       f"{len(documents)} documents; the limit is {settings.max_batch_documents} "
                       "(QUOTES_MAX_BATCH_DOCUMENTS)")
    _check_gazetteer(payload)
    total = sum(len(d["text"]) for d in documents)
    if total > settings.max_batch_chars:
        raise ApiError(413, "batch-too-large",
                       f"{total} characters in all; the limit is {settings.max_batch_chars} (QUOTES_MAX_BATCH_CHARS)")
    g.text_chars = total
    annotator: Annotator = current_app.extensions["annotator"]
    options = _options(payload)
    docs = [Document(d["text"], d["id"]) for d in documents]
    with _time_budget():
        results = list(annotator.annotate(docs, options, annotator.gazetteer(payload.get("gazetteer")),
                                          chunk=len(docs)))
    _count(results)
    return jsonify({"model": annotator.model(options), "results": results})
