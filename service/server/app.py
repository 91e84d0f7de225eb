"""The Flask application factory: ``gunicorn "service.server.app:create_app()"``."""
from __future__ import annotations

import io
import logging
import re
import threading
import time
import uuid

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.annotate import Annotator
from ..core.config import Settings
from ..core.pipeline import ModelLoadError, model_info
from . import headers, logs, metrics
from .access import init_access
from .api import demo, health, quotes, spec
from .errors import register_error_handlers
from .tracing import HEADER as TRACEPARENT
from .tracing import TraceParent

log = logging.getLogger("service")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# One request at a time uses this process's model: gunicorn's threads read many requests at
# once, but a worker has one model and one core's worth of CPU, and its memory must stay one
# request's peak (README, "Sizing"), not one per thread.
_ENGINE = threading.Lock()
_ENGINE_ENDPOINTS = frozenset({"quotes.quotes", "quotes.batch"})
# Probes and scrapes come every few seconds and say nothing about the service's work: their
# request lines are DEBUG, so INFO logs show clients' requests.
_ROUTINE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def create_app(settings: Settings | None = None, nlp=None) -> Flask:
    """Build the app; loads the spaCy pipeline unless one is passed in (tests share one).

    A model that is not installed stops start-up with a message naming
    QUOTES_SPACY_MODEL, rather than a traceback from deep inside spaCy.
    """
    settings = settings or Settings.from_env()
    logs.configure(settings.log_level)
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    if nlp is None:
        started = time.perf_counter()
        try:
            annotator = Annotator.load(settings)
        except ModelLoadError as exc:
            raise SystemExit(f"quote service cannot start: {exc}") from None
        seconds = time.perf_counter() - started
        metrics.MODEL_LOAD.set(seconds)
        log.info("model loaded", extra={"model": settings.spacy_model, "seconds": round(seconds, 3)})
    else:
        annotator = Annotator(nlp, settings)
    app.extensions["nlp"] = annotator.nlp
    app.extensions["model_info"] = model_info(annotator.nlp)
    app.extensions["annotator"] = annotator
    metrics.record_build(annotator.model(annotator.defaults))
    register_error_handlers(app)
    app.before_request(_start_request)
    init_access(app)  # after _start_request: a 401 carries the request id; before the body is read
    app.before_request(_whole_body)
    app.before_request(_take_engine)
    app.after_request(_finish_request)
    app.teardown_request(_release_engine)
    app.teardown_request(_end_request)
    for blueprint in (quotes.bp, health.bp, spec.bp, metrics.bp, demo.bp):
        app.register_blueprint(blueprint)
    return app


def _start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.started = time.perf_counter()
    g.trace = TraceParent.parse(request.headers.get(TRACEPARENT))
    g.trace_id = g.trace.trace_id if g.trace else None
    metrics.IN_FLIGHT.inc()
    g.in_flight = True


def _end_request(_exc: BaseException | None) -> None:
    if g.pop("in_flight", False):
        metrics.IN_FLIGHT.dec()


def _whole_body() -> None:
    """Read the body whole before anything else (a slow one holds a thread, not the engine).

    A body with a Content-Length is read by werkzeug (413 over the limit, before reading). A
    chunked one is read here up to the limit and one byte more: werkzeug would stop at the
    limit without a word and the app would answer on part of what was sent; over the limit it
    is a 413 like any other oversized body."""
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        request.get_data()  # kept for the view
        return
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    data = request.environ["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        raise RequestEntityTooLarge(f"the chunked body is over {limit} bytes (QUOTES_MAX_BODY_BYTES)")
    request.environ["wsgi.input"] = io.BytesIO(data)
    request.get_data()


def _take_engine() -> None:
    """Wait for this process's model, for the requests that use it: from parsing the body to
    the serialised answer, so memory is one request's at a time. The processing time limit
    starts once the engine is ours."""
    if request.endpoint in _ENGINE_ENDPOINTS:
        metrics.QUEUED.inc()
        try:
            _ENGINE.acquire()
        finally:
            metrics.QUEUED.dec()
        g.engine = True


def _release_engine(_exc: BaseException | None) -> None:
    if g.pop("engine", False):
        _ENGINE.release()


def _finish_request(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    trace = g.get("trace")
    if trace is not None:
        response.headers[TRACEPARENT] = trace.header()
    headers.add_missing(response.headers)
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    endpoint = metrics.endpoint_label(current_app, request)
    method = metrics.method_label(request.method)
    metrics.REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    metrics.LATENCY.labels(endpoint, method).observe(seconds)
    if g.get("text_chars"):
        metrics.TEXT_CHARS.inc(g.text_chars)
    for kind, count in g.get("quote_types", {}).items():
        metrics.QUOTES.labels(kind).inc(count)
    for slug, count in g.get("document_errors", {}).items():
        metrics.DOCUMENT_ERRORS.labels(slug).inc(count)
    level = logging.DEBUG if request.path in _ROUTINE_PATHS else logging.INFO
    log.log(level, "request", extra={
        "request_id": g.get("request_id"), "method": request.method, "path": request.path,
        "status": response.status_code, "latency_ms": round(seconds * 1000, 1),
        "text_chars": g.get("text_chars"), "quotes_found": g.get("quotes_found"),
        **({"trace_id": trace.trace_id, "parent_id": trace.parent_id} if trace is not None else {}),
    })
    return response
