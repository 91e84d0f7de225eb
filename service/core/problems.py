"""Problem types (RFC 9457) the service answers with, and their titles: one vocabulary for a
whole request's error (``service.server.errors``) and one document's error record in a batch
(``service.core.annotate``)."""
from __future__ import annotations

from http import HTTPStatus

PROBLEM_TYPE = "urn:quotes:problem:"
# Every problem type the service emits (``urn:quotes:problem:<slug>``), and when; openapi.yaml's
# ProblemType lists the same (tests/server/api/test_openapi.py). Other HTTP errors are "about:blank".
PROBLEM_TYPES = {
    "invalid-json": "400: the body is not JSON",
    "incomplete-body": "400: the body ended before its announced end",
    "malformed-body": "400: the body's chunked framing is broken",
    "malformed-request": "400: gunicorn could not parse the request line or headers",
    "invalid-encoding": "400: the body, the query string or a JSON key is not UTF-8 / Unicode text",
    "unauthorized": "401: QUOTES_API_KEYS is set and the request carries no valid key",
    "not-found": "404: no such path",
    "method-not-allowed": "405: the path does not take this method",
    "request-timeout": "408: the body did not arrive within QUOTES_REQUEST_READ_SECONDS",
    "body-too-large": "413: the body is over QUOTES_MAX_BODY_BYTES",
    "text-too-long": "413: a text is over QUOTES_MAX_TEXT_CHARS (in a batch: that document's error)",
    "batch-too-large": "413: over QUOTES_MAX_BATCH_DOCUMENTS or QUOTES_MAX_BATCH_CHARS",
    "too-many-gazetteer-entries": "413: over QUOTES_MAX_GAZETTEER_ENTRIES",
    "too-many-quotes": "413: a text yields more quotes than QUOTES_MAX_QUOTES_PER_1K_CHARS allows (in a batch: "
                       "that document's error)",
    "processing-time-exceeded": "413: processing took longer than QUOTES_MAX_PROCESSING_SECONDS",
    "request-line-too-long": "414: the request line is over 8190 bytes",
    "unsupported-media-type": "415: not application/json (or text/plain for /v1/quotes)",
    "unsupported-charset": "415: a text/plain charset Python does not know",
    "validation-error": "422: the request (or one document of a batch) does not match the schema",
    "header-fields-too-large": "431: a header line or the header count is over gunicorn's limits",
    "internal-error": "500: a fault of ours, logged with the request id (in a batch: that document's error)",
}


# RFC 9110's names where Python's HTTPStatus still has the older ones
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """A problem's title: the status's name, the same for a whole request and for one document."""
    try:
        return _TITLES.get(status) or HTTPStatus(status).phrase
    except ValueError:
        return "Error"
