"""A typed Python client for the quote service, on the standard library alone.

    from service.client import QuoteClient

    client = QuoteClient("http://127.0.0.1:8000", api_key=None)
    answer = client.quotes("“We are ready,” Dmitry Peskov said.", offsets="utf16")
    for result in client.batch(texts):           # any number of documents, in order
        if "error" in result: ...                # that document's problem; the others are answered

It imports nothing of the service itself (no spaCy, no Flask), so a caller's data
stack can use it without the engine installed. Results are TypedDicts mirroring
openapi.yaml. Connection errors and 503 (a server starting, or shedding load) are
retried with exponential backoff; a 4xx is the caller's to fix and raises at once.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Literal, NotRequired, TypedDict, Union

# openapi.yaml's named enums
Scope = Literal["quotes", "attributions"]
Offsets = Literal["codepoint", "utf16", "utf8"]
SpeakerKind = Literal["person", "organization", "group", "unknown"]
RoleSource = Literal["text", "relative", "gazetteer"]
Resolution = Literal["explicit", "alias", "coreference", "unresolved"]
MentionKind = Literal["name", "alias", "pronoun", "description"]
QuoteType = Literal["direct", "indirect", "mixed"]


class TextSpan(TypedDict):
    text: str
    start: int
    end: int


class Mention(TextSpan):
    kind: MentionKind


class Verb(TextSpan):
    lemma: str


class Speaker(TypedDict):
    id: str | None
    name: str | None
    kind: SpeakerKind
    role: str | None
    role_source: RoleSource | None
    organization: str | None
    resolution: Resolution
    description: str | None
    kb_id: str | None
    mention: Mention | None


class Quote(TypedDict):
    id: str
    type: QuoteType
    text: str
    start: int
    end: int
    speaker: Speaker | None
    verb: Verb | None
    confidence: float
    construction: str
    fragments: list[TextSpan] | None


class SpeakerSummary(TypedDict):
    id: str
    name: str | None
    description: str | None
    kind: SpeakerKind
    role: str | None
    role_source: RoleSource | None
    organization: str | None
    kb_id: str | None
    quotes: int
    mentions: list[Mention]


class Options(TypedDict):
    scope: Scope
    join_split: bool
    min_confidence: float
    offsets: Offsets


class Model(TypedDict):
    name: str
    version: str
    service_version: str
    options: Options


class QuoteResponse(TypedDict):
    id: str | None
    model: Model
    quotes: list[Quote]
    speakers: list[SpeakerSummary]


class Problem(TypedDict):
    type: str
    title: str
    status: int
    detail: str
    errors: NotRequired[Any]
    request_id: NotRequired[str]


class DocumentResult(TypedDict):
    index: int
    id: str | None
    quotes: list[Quote]
    speakers: list[SpeakerSummary]


class DocumentError(TypedDict):
    index: int
    id: str | None
    error: Problem


BatchResult = Union[DocumentResult, DocumentError]


class BatchResponse(TypedDict):
    model: Model
    results: list[BatchResult]


class GazetteerEntry(TypedDict, total=False):
    name: str  # the only field required
    kind: Literal["person", "organization"] | None
    aliases: list[str]
    role: str | None
    organization: str | None
    country: str | None
    gender: Literal["m", "f"] | None
    demonym: str | None
    id: str | None


@dataclass(frozen=True)
class Limits:
    """The server's request limits, which ``batch()`` splits by. The defaults are the service's
    default settings (QUOTES_MAX_*); give the deployment's own where it sets others."""

    max_documents: int = 64  # QUOTES_MAX_BATCH_DOCUMENTS
    max_chars: int = 250_000  # QUOTES_MAX_BATCH_CHARS
    max_text_chars: int = 200_000  # QUOTES_MAX_TEXT_CHARS
    max_body_bytes: int = 2 * 1024 * 1024  # QUOTES_MAX_BODY_BYTES


class ServiceError(Exception):
    """The service answered with an error: ``status`` and its RFC 9457 ``problem``."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__(f"{status} {problem.get('type')}: {problem.get('detail')}")
        self.status, self.problem = status, problem


Document = Union[str, tuple[str | None, str], dict[str, Any]]


class QuoteClient:
    """The service at ``url``: one method per endpoint, ``batch()`` for any number of documents."""

    def __init__(self, url: str, api_key: str | None = None, *, timeout: float = 60.0, retries: int = 3,
                 backoff: float = 0.5, limits: Limits = Limits()) -> None:
        """``timeout``: seconds per attempt; ``retries``: further attempts after a connection error
        or a 503, waiting ``backoff`` × 1, 2, 4, ... seconds in between."""
        self.url = url.rstrip("/")
        self.timeout, self.retries, self.backoff, self.limits = timeout, retries, backoff, limits
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"

    # -- endpoints ---------------------------------------------------------------------
    def quotes(self, text: str, id: str | None = None, *, gazetteer: list[GazetteerEntry] | None = None,
               min_confidence: float | None = None, scope: Scope | None = None, join_split: bool | None = None,
               offsets: Offsets | None = None) -> QuoteResponse:
        """The quotes in one article (POST /v1/quotes); ServiceError if the server refuses it."""
        options = _options(gazetteer, min_confidence, scope, join_split, offsets)
        return self._post("/v1/quotes", {"text": text, "id": id, **options})

    def batch_request(self, documents: list[dict[str, Any]], **options: Any) -> BatchResponse:
        """One POST /v1/quotes/batch as given (no splitting): ``documents`` are ``{"text", "id"}``."""
        return self._post("/v1/quotes/batch", {"documents": documents, **_options(**options)})

    def batch(self, documents: Iterable[Document], *, gazetteer: list[GazetteerEntry] | None = None,
              min_confidence: float | None = None, scope: Scope | None = None, join_split: bool | None = None,
              offsets: Offsets | None = None) -> list[BatchResult]:
        """One result per document, in order, ``index`` counting from 0 over all of them.

        Documents are texts, ``(id, text)`` pairs or ``{"id", "text"}`` dicts. They go in as
        many requests as the server's limits need; a document over the text limit alone comes
        back as its error record (as the server would answer it), not as an exception.
        """
        options = _options(gazetteer, min_confidence, scope, join_split, offsets)
        results: list[BatchResult] = []
        for item in self._plan([_document(d) for d in documents], options):
            if isinstance(item, dict):  # a document that cannot be sent
                results.append(item)
                continue
            answers = self.batch_request([document for _, document in item], **options)["results"]
            for (index, _), result in zip(item, answers):
                result["index"] = index
                results.append(result)
        return results

    def ready(self) -> bool:
        """The service has loaded its model and takes work."""
        try:
            return self._send("GET", "/readyz", None).get("status") == "ready"
        except (ServiceError, OSError):
            return False

    def _plan(self, documents: list[dict[str, Any]], options: dict[str, Any]
              ) -> Iterator[list[tuple[int, dict[str, Any]]] | DocumentError]:
        """In order: requests (their documents with their indexes), each under every limit, and
        the error records of documents over the text limit, which are never sent."""
        limits = self.limits
        overhead = len(_encode({"documents": [], **options}))
        chunk: list[tuple[int, dict[str, Any]]] = []
        chars = size = 0
        for index, document in enumerate(documents):
            length, encoded = len(document["text"]), len(_encode(document)) + 1
            alone = length > limits.max_text_chars
            if chunk and (alone or len(chunk) == limits.max_documents or chars + length > limits.max_chars
                          or overhead + size + encoded > limits.max_body_bytes):
                yield chunk
                chunk, chars, size = [], 0, 0
            if alone:
                yield _too_long(index, document, length, limits.max_text_chars)
                continue
            chunk.append((index, document))
            chars, size = chars + length, size + encoded
        if chunk:
            yield chunk

    # -- HTTP --------------------------------------------------------------------------
    def _post(self, path: str, payload: dict[str, Any]) -> Any:
        return self._send("POST", path, _encode(payload))

    def _send(self, method: str, path: str, body: bytes | None) -> Any:
        attempt = 0
        while True:
            request = urllib.request.Request(self.url + path, data=body, method=method, headers=self._headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                payload = exc.read()
                if exc.code != 503 or attempt >= self.retries:
                    raise ServiceError(exc.code, _problem(exc.code, payload)) from None
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionError) or attempt >= self.retries:
                    raise
            except ConnectionError:  # the server closed the connection mid-answer
                if attempt >= self.retries:
                    raise
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1


def _options(gazetteer: list[GazetteerEntry] | None = None, min_confidence: float | None = None,
             scope: Scope | None = None, join_split: bool | None = None, offsets: Offsets | None = None
             ) -> dict[str, Any]:
    """The options given (None: the server's default)."""
    given = {"gazetteer": gazetteer, "min_confidence": min_confidence, "scope": scope, "join_split": join_split,
             "offsets": offsets}
    return {key: value for key, value in given.items() if value is not None}


def _document(document: Document) -> dict[str, Any]:
    if isinstance(document, str):
        return {"text": document, "id": None}
    if isinstance(document, tuple):
        return {"id": document[0], "text": document[1]}
    return {"text": document["text"], "id": document.get("id")}


def _encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _too_long(index: int, document: dict[str, Any], length: int, limit: int) -> DocumentError:
    """The record the server gives a document over its text limit, made here: such a document
    may not even fit in a request body."""
    detail = f"the text has {length} characters; the limit is {limit} (QUOTES_MAX_TEXT_CHARS); not sent"
    problem: Problem = {"type": "urn:quotes:problem:text-too-long", "title": "Content Too Large", "status": 413,
                        "detail": detail, "errors": {"text": [detail]}}
    return {"index": index, "id": document["id"], "error": problem}


def _problem(status: int, payload: bytes) -> Problem:
    try:
        problem = json.loads(payload)
    except ValueError:
        problem = None
    if isinstance(problem, dict) and "type" in problem:
        return problem  # type: ignore[return-value]
    return {"type": "about:blank", "title": "HTTP error", "status": status,
            "detail": payload[:500].decode("utf-8", "replace")}
