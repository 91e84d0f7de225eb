"""The client: one method per endpoint, ``batch()`` for any number of documents.

Standard library only (``urllib``), so a data stack can call the service without the engine,
spaCy or Flask installed. Errors the caller must fix (4xx) raise ``ServiceError`` at once;
connection errors are retried with exponential backoff, and 429 and 503 (a server shedding
load, or starting) after the ``Retry-After`` it sends.
"""
from __future__ import annotations

import email.utils
import json
import platform
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from .types import (
    BatchResponse,
    BatchResult,
    DocumentError,
    GazetteerEntry,
    Model,
    Offsets,
    Problem,
    QuoteResponse,
    Scope,
)

__version__ = "0.1.0"
RETRIED_STATUSES = (429, 503)  # the server asks to come back later
PROBLEM_TYPE = "urn:quotes:problem:"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# A document: a text, an (id, text) pair, or a mapping with "text" and an optional "id".
Document = Union[str, Tuple[Optional[str], str], Mapping[str, Any]]


@dataclass(frozen=True)
class Limits:
    """The server's request limits, which ``batch()`` splits by. The defaults are the service's
    default settings (QUOTES_MAX_*); give the deployment's own where it sets others."""

    max_documents: int = 64  # QUOTES_MAX_BATCH_DOCUMENTS
    max_chars: int = 250_000  # QUOTES_MAX_BATCH_CHARS
    max_text_chars: int = 200_000  # QUOTES_MAX_TEXT_CHARS
    max_body_bytes: int = 2 * 1024 * 1024  # QUOTES_MAX_BODY_BYTES
    max_id_chars: int = 200  # a document id's longest (the API's schema)


class ServiceError(Exception):
    """The service refused a request (or would have: a problem found before sending), with
    its ``status`` and RFC 9457 ``problem``."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__(f"{status} {problem.get('type')}: {problem.get('detail')}")
        self.status, self.problem = status, problem


class QuoteClient:
    """The service at ``url``: one method per endpoint, ``batch()`` for any number of documents."""

    def __init__(self, url: str, api_key: Optional[str] = None, *, timeout: float = 60.0, retries: int = 3,
                 backoff: float = 0.5, max_wait: float = 60.0, limits: Limits = Limits()) -> None:
        """``timeout``: seconds per attempt; ``retries``: further attempts after a connection
        error, a 429 or a 503, each waiting the answer's ``Retry-After`` (at most ``max_wait``
        seconds) or else ``backoff`` × 1, 2, 4, ... seconds. The key is sent as a Bearer token."""
        self.url = url.rstrip("/")
        self.timeout, self.retries, self.backoff, self.max_wait, self.limits = timeout, retries, backoff, max_wait, limits
        self._headers = {"Content-Type": "application/json", "Accept": "application/json",
                         "User-Agent": f"quotes-client/{__version__} Python/{platform.python_version()}"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"

    # -- endpoints ---------------------------------------------------------------------
    def quotes(self, text: str, id: Optional[str] = None, *, gazetteer: Optional[List[GazetteerEntry]] = None,
               min_confidence: Optional[float] = None, scope: Optional[Scope] = None,
               join_split: Optional[bool] = None, offsets: Optional[Offsets] = None,
               traceparent: Optional[str] = None) -> QuoteResponse:
        """The quotes in one article (POST /v1/quotes). ServiceError if the server refuses it,
        or if it cannot be sent (not a string, not Unicode text: the server's 422)."""
        document = _document((id, text))
        problem = _unsendable(document, self.limits)
        if problem is not None:
            raise ServiceError(problem["status"], problem)
        options = _options(gazetteer, min_confidence, scope, join_split, offsets)
        return self._send("POST", "/v1/quotes", _encode({**document, **options}), traceparent)

    def batch_request(self, documents: List[Dict[str, Any]], *, traceparent: Optional[str] = None,
                      **options: Any) -> BatchResponse:
        """One POST /v1/quotes/batch as given (no splitting): ``documents`` are ``{"text", "id"}``."""
        return self._send("POST", "/v1/quotes/batch", _encode({"documents": documents, **_options(**options)}),
                          traceparent)

    def batch(self, documents: Iterable[Document], *, gazetteer: Optional[List[GazetteerEntry]] = None,
              min_confidence: Optional[float] = None, scope: Optional[Scope] = None,
              join_split: Optional[bool] = None, offsets: Optional[Offsets] = None,
              traceparent: Optional[str] = None) -> List[BatchResult]:
        """One result per document, in order, ``index`` counting from 0 over all of them, each
        with the ``model`` that answered it.

        Documents go in as many requests as the server's limits need. A document that cannot
        be sent (over the text limit, not a string, not Unicode text, an id too long) comes back
        as the error record the server would give it, with ``model`` None; the others are
        answered."""
        options = _options(gazetteer, min_confidence, scope, join_split, offsets)
        results: List[BatchResult] = []
        for item in self._plan([_document(d) for d in documents], options):
            if isinstance(item, dict):  # a document that cannot be sent
                results.append(item)
                continue
            answer = self.batch_request([document for _, document in item], traceparent=traceparent, **options)
            model: Model = answer["model"]
            for (index, _), result in zip(item, answer["results"]):
                results.append({**result, "index": index, "model": model})  # type: ignore[typeddict-item]
        return sorted(results, key=lambda result: result["index"])  # records made here come as they are found

    def ready(self) -> bool:
        """The service has loaded its model and takes work (one attempt, no retries)."""
        try:
            return self._send("GET", "/readyz", None, None, retries=0).get("status") == "ready"
        except (ServiceError, OSError):
            return False

    def _plan(self, documents: List[Dict[str, Any]], options: Dict[str, Any]
              ) -> Iterator[Union[List[Tuple[int, Dict[str, Any]]], DocumentError]]:
        """Requests (their documents with their indexes, in order), each under every limit, and
        the error records of documents that cannot be sent, as they are met."""
        limits = self.limits
        overhead = len(_encode({"documents": [], **options}))
        chunk: List[Tuple[int, Dict[str, Any]]] = []
        chars = size = 0
        for index, document in enumerate(documents):
            problem = _unsendable(document, limits)
            if problem is not None:
                yield {"index": index, "id": None if _field(problem) == "id" else document.get("id"),
                       "error": problem, "model": None}
                continue
            length, encoded = len(document["text"]), len(_encode(document)) + 1
            if chunk and (len(chunk) == limits.max_documents or chars + length > limits.max_chars
                          or overhead + size + encoded > limits.max_body_bytes):
                yield chunk
                chunk, chars, size = [], 0, 0
            chunk.append((index, document))
            chars, size = chars + length, size + encoded
        if chunk:
            yield chunk

    # -- HTTP --------------------------------------------------------------------------
    def _send(self, method: str, path: str, body: Optional[bytes], traceparent: Optional[str],
              retries: Optional[int] = None) -> Any:
        retries = self.retries if retries is None else retries
        headers = dict(self._headers, **({"traceparent": traceparent} if traceparent else {}))
        attempt = 0
        while True:
            request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
            wait: Optional[float] = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                payload = exc.read()
                if exc.code not in RETRIED_STATUSES or attempt >= retries:
                    raise ServiceError(exc.code, _problem(exc.code, payload)) from None
                wait = retry_after(exc.headers.get("Retry-After"))
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionError) or attempt >= retries:
                    raise
            except ConnectionError:  # the server closed the connection mid-answer
                if attempt >= retries:
                    raise
            time.sleep(min(wait, self.max_wait) if wait is not None else self.backoff * 2 ** attempt)
            attempt += 1


def retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _options(gazetteer: Optional[List[GazetteerEntry]] = None, min_confidence: Optional[float] = None,
             scope: Optional[Scope] = None, join_split: Optional[bool] = None, offsets: Optional[Offsets] = None
             ) -> Dict[str, Any]:
    """The options given (None: the server's default)."""
    given = {"gazetteer": gazetteer, "min_confidence": min_confidence, "scope": scope, "join_split": join_split,
             "offsets": offsets}
    return {key: value for key, value in given.items() if value is not None}


def _document(document: Document) -> Dict[str, Any]:
    """``{"text", "id"}`` from any of the forms ``Document`` allows (what is not text stays as
    it is, for ``_unsendable`` to report)."""
    if isinstance(document, str):
        return {"text": document, "id": None}
    if isinstance(document, tuple) and len(document) == 2:
        return {"text": document[1], "id": document[0]}
    if isinstance(document, Mapping):
        return {"text": document.get("text"), "id": document.get("id")}
    return {"text": document, "id": None}


def _unsendable(document: Dict[str, Any], limits: Limits) -> Optional[Problem]:
    """The problem the server would answer for a document this client cannot or need not send
    (a text over the limit may not even fit in a request body), or None."""
    for name in ("text", "id"):
        value = document[name]
        if value is None and name == "id":
            continue
        if not isinstance(value, str):
            return _problem_for(422, "validation-error", name, f"the {name} is not a string; not sent")
        found = _LONE_SURROGATE.search(value)
        if found is not None:
            return _problem_for(422, "validation-error", name, f"the {name} is not Unicode text: a lone surrogate "
                                                               f"at offset {found.start()}; not sent")
    if len(document["text"]) > limits.max_text_chars:
        return _problem_for(413, "text-too-long", "text", f"the text has {len(document['text'])} characters; the "
                                                          f"limit is {limits.max_text_chars} (QUOTES_MAX_TEXT_CHARS); "
                                                          "not sent")
    if document["id"] is not None and len(document["id"]) > limits.max_id_chars:
        return _problem_for(422, "validation-error", "id", f"the id is longer than {limits.max_id_chars} characters; "
                                                           "not sent")
    return None


_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


def _problem_for(status: int, slug: str, field_name: str, detail: str) -> Problem:
    return {"type": PROBLEM_TYPE + slug, "title": _TITLES[status], "status": status, "detail": detail,
            "errors": {field_name: [detail]}}


def _field(problem: Problem) -> Optional[str]:
    errors = problem.get("errors")
    return next(iter(errors)) if isinstance(errors, dict) and errors else None


def _encode(payload: Any) -> bytes:
    try:
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate outside the documents (a gazetteer entry)
        raise ValueError(f"the request holds text that is not Unicode text: {exc.reason}") from None


def _problem(status: int, payload: bytes) -> Problem:
    try:
        problem = json.loads(payload)
    except ValueError:
        problem = None
    if isinstance(problem, dict) and "type" in problem:
        return problem  # type: ignore[return-value]
    return {"type": "about:blank", "title": "HTTP error", "status": status,
            "detail": payload[:500].decode("utf-8", "replace")}
