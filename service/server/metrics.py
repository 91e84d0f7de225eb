"""Prometheus metrics, correct under several gunicorn workers.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py sets it), every worker writes
its samples to files there and /metrics aggregates them, so counts and histograms
cover all workers whichever one answers the scrape. Gauges of live state (requests in
flight and queued, each worker's memory) count live workers only ("live" modes): a worker
that exits takes its series with it (gunicorn.conf.py's child_exit).

Saturation reads off these: ``quotes_requests_queued`` above 0 for long means requests wait
for a worker's engine (one request uses it at a time); ``quotes_deadlines_total`` counts
requests cut by a time limit; ``quotes_worker_resident_bytes`` per worker (label ``pid``)
against QUOTES_MAX_WORKER_RSS_MB says how close workers run to being replaced.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from werkzeug.exceptions import MethodNotAllowed

REQUESTS = Counter("quotes_http_requests_total", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram("quotes_http_request_duration_seconds", "Time to answer a request", ["endpoint", "method"],
                    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
QUOTES = Counter("quotes_extracted_total", "Quotes returned to clients", ["type"])
TEXT_CHARS = Counter("quotes_text_characters_total", "Characters of text processed")
WORKER_RESTARTS = Counter("quotes_worker_memory_restarts_total",
                          "Workers retired for resident memory over QUOTES_MAX_WORKER_RSS_MB")
MODEL_LOAD = Gauge("quotes_model_load_seconds", "Seconds the spaCy pipeline took to load", multiprocess_mode="max")
IN_FLIGHT = Gauge("quotes_requests_in_flight", "Requests the app is handling, waiting for the engine or using it",
                  multiprocess_mode="livesum")
QUEUED = Gauge("quotes_requests_queued", "Requests waiting for a worker's engine, which one request uses at a time",
               multiprocess_mode="livesum")
DEADLINES = Counter("quotes_deadlines_total", "Requests cut by a time limit: reading the request "
                    "(QUOTES_REQUEST_READ_SECONDS) or processing it (QUOTES_MAX_PROCESSING_SECONDS)", ["deadline"])
DOCUMENT_ERRORS = Counter("quotes_document_errors_total",
                          "Documents of a batch answered with their own problem instead of quotes", ["type"])

# Provenance: which build answers, with which defaults (value 1). A Gauge, not an Info: Info
# metrics are not supported in multiprocess mode; "max" keeps the series of every process.
BUILD_INFO = Gauge("quotes_build_info", "Service version, spaCy pipeline, data, gazetteer and default options of "
                   "this service", ["service_version", "model", "model_version", "data", "gazetteer_people",
                                    "gazetteer_file", "scope", "join_split", "min_confidence", "offsets"],
                   multiprocess_mode="max")

# Label values come from closed sets, whatever clients send: a made-up method or path must
# not mint new series (each would add one per status and histogram bucket to every scrape).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})

bp = Blueprint("metrics", __name__)


def record_build(model: dict[str, Any]) -> None:
    """Publish a response's ``model`` object (with the default options) as quotes_build_info."""
    options = {key: _label(value) for key, value in model["options"].items()}
    gazetteer = model["gazetteer"]
    BUILD_INFO.labels(service_version=model["service_version"], model=model["name"], model_version=model["version"],
                      data=model["data"], gazetteer_people=_label(gazetteer["people"]),
                      gazetteer_file=_label(gazetteer["file"] or ""), **options).set(1)


def _label(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@lru_cache(maxsize=1)
def _worker_memory() -> Gauge:
    """Made in the worker on first use, not at import: a gauge made in the preloading master
    would give the master a series too, and every forked worker a zero series of the master's."""
    return Gauge("quotes_worker_resident_bytes", "Resident memory of each worker after its last request (label pid)",
                 multiprocess_mode="liveall")


def record_worker_memory() -> None:
    """This worker's resident memory now, as quotes_worker_resident_bytes (gunicorn.conf.py
    calls it when a worker starts and after each request)."""
    from .worker import resident_mb

    _worker_memory().set(resident_mb() * 2**20)


def method_label(method: str) -> str:
    """The request's method if it is a standard one (RFC 9110, PATCH), else ``OTHER``."""
    return method if method in METHODS else "OTHER"


def endpoint_label(app: Flask, request: Request) -> str:
    """The route pattern that matched; for a 405, the route whose methods did not include this
    one; ``unmatched`` for any other path."""
    if request.url_rule is not None:
        return request.url_rule.rule
    if isinstance(request.routing_exception, MethodNotAllowed) and request.routing_exception.valid_methods:
        adapter = app.url_map.bind_to_environ(request.environ)
        rule, _ = adapter.match(method=request.routing_exception.valid_methods[0], return_rule=True)
        return rule.rule
    return "unmatched"


@bp.get("/metrics")
def metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
