"""Errors as RFC 9457 problem details (application/problem+json).

Every error the service returns goes through ``problem()``, so clients get the
same shape for a bad field, an oversized body, an unknown route or a fault of
ours; faults of ours are logged with the request id, which the body repeats.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, json
from gunicorn.http.errors import NoMoreData, ParseException
from werkzeug.exceptions import ClientDisconnected, HTTPException

from ..core.problems import PROBLEM_TYPE, title

log = logging.getLogger("service")
class RequestReadTimeout(NoMoreData):
    """The client did not send its whole request within QUOTES_REQUEST_READ_SECONDS
    (raised by service.server.worker's reads).

    A NoMoreData (an OSError), which gunicorn treats as a client gone away: a connection
    whose headers never arrived is closed and logged at debug level only; one whose body
    stops arriving gets a 408 from the app (below)."""

    def __str__(self) -> str:
        return "the request did not arrive within QUOTES_REQUEST_READ_SECONDS"


class ApiError(Exception):
    """An error a view raises on purpose: status, problem slug, message, optional field errors."""

    def __init__(self, status: int, slug: str, detail: str, errors: Any = None) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.errors = status, slug, detail, errors


def problem_body(status: int, title: str, detail: str, slug: str | None = None,
                 request_id: str | None = None) -> dict[str, Any]:
    """The RFC 9457 object, for the app's answers and for gunicorn's own (service.server.worker)."""
    return {"type": PROBLEM_TYPE + slug if slug else "about:blank", "title": title, "status": status,
            "detail": detail, "request_id": request_id}


def problem(status: int, title: str, detail: str, slug: str | None = None, errors: Any = None) -> Response:
    body = problem_body(status, title, detail, slug, g.get("request_id"))
    if errors is not None:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


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

    @app.errorhandler(ClientDisconnected)  # werkzeug's word for a body read that failed
    @app.errorhandler(NoMoreData)  # gunicorn's, where the app reads the body itself
    def _body_cut_short(exc: Exception) -> Response:
        """The body stopped before its end: sent too slowly (408) or cut off (400)."""
        if isinstance(exc, RequestReadTimeout) or isinstance(exc.__context__, RequestReadTimeout):
            limit = current_app.config["SETTINGS"].request_read_seconds
            return problem(408, title(408), f"the request did not arrive within {limit:g} s "
                           "(QUOTES_REQUEST_READ_SECONDS)", "request-timeout")
        return problem(400, title(400), "the body ended before its announced end", "incomplete-body")

    @app.errorhandler(ParseException)
    def _malformed_body(exc: ParseException) -> Response:
        """gunicorn found the body's framing broken as the app read it (a bad chunk size, a
        chunk without its CRLF, a bad trailer): the client's fault."""
        return problem(400, title(400), f"the request body is malformed: {exc}", "malformed-body")

    @app.errorhandler(Exception)
    def _fault(exc: Exception) -> Response:
        log.exception("unhandled error", extra={"request_id": g.get("request_id")})
        return problem(500, title(500),
                       "the service failed on this request; the request id identifies it in our logs",
                       "internal-error")
