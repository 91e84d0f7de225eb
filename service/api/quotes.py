"""POST /v1/quotes and /v1/quotes/batch: the service's one resource."""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

from flask import Blueprint, current_app, g, jsonify, request
from marshmallow import ValidationError
from spacy.tokens import Doc

from ..deadline import ProcessingTimeout, deadline
from ..engine.model import SCOPES
from ..errors import ApiError
from ..nlp import pipe
from ..schemas import BatchRequestSchema, BatchResponseSchema, QuoteRequestSchema, QuoteResponseSchema

bp = Blueprint("quotes", __name__, url_prefix="/v1")
_single_in, _batch_in = QuoteRequestSchema(), BatchRequestSchema()
_single_out, _batch_out = QuoteResponseSchema(), BatchResponseSchema()


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


def _check_request(payload: dict[str, Any], texts: list[str]) -> None:
    settings = current_app.config["SETTINGS"]
    for n, text in enumerate(texts):
        if len(text) > settings.max_text_chars:
            where = f"document {n}" if len(texts) > 1 else "text"
            raise ApiError(413, "text-too-long",
                           f"{where} has {len(text)} characters; the limit is {settings.max_text_chars} "
                           "(QUOTES_MAX_TEXT_CHARS)")
    if len(payload.get("gazetteer") or ()) > settings.max_gazetteer_entries:
        raise ApiError(413, "too-many-gazetteer-entries",
                       f"at most {settings.max_gazetteer_entries} gazetteer entries per request")


def _new_doc(text: str, payload: dict[str, Any]) -> Doc:
    """A tokenized doc carrying the request's gazetteer entries and engine options."""
    nlp = current_app.extensions["nlp"]
    doc = nlp.make_doc(text)
    if payload.get("gazetteer"):
        doc._.quote_gazetteer = payload["gazetteer"]
    options = {key: payload[key] for key in ("scope", "join_split") if payload.get(key) is not None}
    if options:
        doc._.quote_options = options
    return doc


def _result(doc: Doc, doc_id: str | None, floor: float) -> dict[str, Any]:
    from ..engine.component import summarize

    quotes = [q for q in doc._.quotes if q.confidence >= floor]
    g.quotes_found = g.get("quotes_found", 0) + len(quotes)
    types = g.setdefault("quote_types", {})
    for quote in quotes:
        types[quote.type] = types.get(quote.type, 0) + 1
    return {"id": doc_id, "model": current_app.extensions["model_info"],
            "quotes": quotes, "speakers": summarize(quotes)}


def _floor(payload: dict[str, Any]) -> float:
    settings = current_app.config["SETTINGS"]
    asked = payload.get("min_confidence")
    return max(settings.min_confidence, asked if asked is not None else 0.0)


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
                   "scope": None, "join_split": None, **query}
    else:
        raise ApiError(415, "unsupported-media-type",
                       f"send application/json or text/plain, not {mimetype or 'no content type'}")
    _check_request(payload, [payload["text"]])
    g.text_chars = len(payload["text"])
    nlp = current_app.extensions["nlp"]
    with _time_budget():
        doc = nlp(_new_doc(payload["text"], payload))
    return jsonify(_single_out.dump(_result(doc, payload["id"], _floor(payload))))


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
                                    for key in ("id", "min_confidence", "scope", "join_split")
                                    if len(request.args.getlist(key)) > 1}
    if "scope" in request.args:
        out["scope"] = request.args["scope"]
        if out["scope"] not in SCOPES:
            errors["scope"] = [f"Must be one of: {', '.join(SCOPES)}."]
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
    texts = [d["text"] for d in documents]
    _check_request(payload, texts)
    total = sum(len(t) for t in texts)
    if total > settings.max_batch_chars:
        raise ApiError(413, "batch-too-large",
                       f"{total} characters in all; the limit is {settings.max_batch_chars} (QUOTES_MAX_BATCH_CHARS)")
    g.text_chars = total
    nlp = current_app.extensions["nlp"]
    # Parse in order of length: the network pads each batch to its longest text, so
    # neighbours of similar length waste least. Results go back in the order sent.
    order = sorted(range(len(texts)), key=lambda n: len(texts[n]))
    docs = pipe(nlp, (_new_doc(texts[n], payload) for n in order), settings.batch_size)
    with _time_budget():
        parsed: dict[int, Doc] = dict(zip(order, docs))
    floor = _floor(payload)
    results = [_result(parsed[n], d["id"], floor) for n, d in enumerate(documents)]
    return jsonify(_batch_out.dump({"model": current_app.extensions["model_info"], "results": results}))
