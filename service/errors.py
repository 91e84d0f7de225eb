"""Errors as RFC 9457 problem details (application/problem+json).

Every error the service returns goes through ``problem()``, so clients get the
same shape for a bad field, an oversized body, an unknown route or a fault of
ours; faults of ours are logged with the request id, which the body repeats.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

log = logging.getLogger("service")
PROBLEM_TYPE = "urn:quotes:problem:"


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


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return problem(exc.status, _title(exc.status), exc.detail, exc.slug, exc.errors)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        slug = {413: "body-too-large", 404: "not-found", 405: "method-not-allowed"}.get(status)
        response = problem(status, _title(status), exc.description or _title(status), slug)
        if status == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _fault(exc: Exception) -> Response:
        log.exception("unhandled error", extra={"request_id": g.get("request_id")})
        return problem(500, "Internal Server Error",
                       "the service failed on this request; the request id identifies it in our logs",
                       "internal-error")
