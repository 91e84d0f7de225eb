"""The Flask application factory: ``gunicorn "service.app:create_app()"``."""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from . import logs, metrics
from .access import init_access
from .annotate import Annotator
from .api import demo, health, quotes, spec
from .config import Settings
from .errors import register_error_handlers
from .nlp import ModelLoadError, model_info

log = logging.getLogger("service")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


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
    app.after_request(_finish_request)
    init_access(app)  # after _start_request: a 401 carries the request id
    for blueprint in (quotes.bp, health.bp, spec.bp, metrics.bp, demo.bp):
        app.register_blueprint(blueprint)
    return app


def _start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    # the route pattern, not the path: unknown paths must not mint new label values
    endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
    metrics.REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    metrics.LATENCY.labels(endpoint, request.method).observe(seconds)
    if g.get("text_chars"):
        metrics.TEXT_CHARS.inc(g.text_chars)
    for kind, count in g.get("quote_types", {}).items():
        metrics.QUOTES.labels(kind).inc(count)
    log.info("request", extra={
        "request_id": g.get("request_id"), "method": request.method, "path": request.path,
        "status": response.status_code, "latency_ms": round(seconds * 1000, 1),
        "text_chars": g.get("text_chars"), "quotes_found": g.get("quotes_found"),
    })
    return response
