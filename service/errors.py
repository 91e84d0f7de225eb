"""Errors as RFC 9457 problem details (application/problem+json).

Every error the service returns goes through ``problem()``, so clients get the
same shape for a bad field, an oversized body, an unknown route or a fault of
ours; faults of ours are logged with the request id, which the body repeats.
"""
from __future__ import annotations

import logging
from typing import Any

from http import HTTPStatus

from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

log = logging.getLogger("service")
PROBLEM_TYPE = "urn:quotes:problem:"
# Every problem type the service emits (``urn:quotes:problem:<slug>``), and when; openapi.yaml's
# ProblemType lists the same (tests/api/test_openapi.py). Other HTTP errors are "about:blank".
PROBLEM_TYPES = {
    "invalid-json": "400: the body is not JSON",
    "invalid-encoding": "400: the body, the query string or a JSON key is not UTF-8 / Unicode text",
    "unauthorized": "401: QUOTES_API_KEYS is set and the request carries no valid key",
    "not-found": "404: no such path",
    "method-not-allowed": "405: the path does not take this method",
    "body-too-large": "413: the body is over QUOTES_MAX_BODY_BYTES",
    "text-too-long": "413: a text is over QUOTES_MAX_TEXT_CHARS (in a batch: that document's error)",
    "batch-too-large": "413: over QUOTES_MAX_BATCH_DOCUMENTS or QUOTES_MAX_BATCH_CHARS",
    "too-many-gazetteer-entries": "413: over QUOTES_MAX_GAZETTEER_ENTRIES",
    "too-many-quotes": "413: a text yields more quotes than QUOTES_MAX_QUOTES_PER_1K_CHARS allows (in a batch: "
                       "that document's error)",
    "processing-time-exceeded": "413: processing took longer than QUOTES_MAX_PROCESSING_SECONDS",
    "unsupported-media-type": "415: not application/json (or text/plain for /v1/quotes)",
    "unsupported-charset": "415: a text/plain charset Python does not know",
    "validation-error": "422: the request (or one document of a batch) does not match the schema",
    "internal-error": "500: a fault of ours, logged with the request id (in a batch: that document's error)",
}


class ApiError(Exception):
    """An error a view raises on purpose: status, problem slug, message, optional field errors."""

    def __init__(self, status: int, slug: str, detail: str, errors: Any = None) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.errors = status, slug, detail, errors


def problem(status: int, title: str, detail: str, slug: str | None = None, errors: Any = None) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": g.get("request_id"),
    }
    if errors is not None:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


# RFC 9110's names where Python's HTTPStatus still has the older ones
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """A problem's title: the status's name, the same for a whole request and for one document."""
    try:
        return _TITLES.get(status) or HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return problem(exc.status, title(exc.status), exc.detail, exc.slug, exc.errors)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        slug = {413: "body-too-large", 404: "not-found", 405: "method-not-allowed"}.get(status)
        response = problem(status, title(status), exc.description or title(status), slug)
        if status == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _fault(exc: Exception) -> Response:
        log.exception("unhandled error", extra={"request_id": g.get("request_id")})
        return problem(500, "Internal Server Error",
                       "the service failed on this request; the request id identifies it in our logs",
                       "internal-error")
