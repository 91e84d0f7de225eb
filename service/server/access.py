"""Who may call the service: browser origins (CORS) and optional API keys.

``QUOTES_CORS_ORIGINS`` lists the origins whose pages may read answers (flask-cors;
none by default); ``QUOTES_API_KEYS`` the keys a request must carry, as
``Authorization: Bearer KEY`` or ``X-API-Key: KEY`` (none: the service is open).
Keys are compared in constant time and never logged.
"""
from __future__ import annotations

import hmac

from flask import Flask, Response, current_app, request
from flask_cors import CORS

from .errors import problem
from .tracing import HEADER as TRACE_HEADER

# What answers without a key, and why; the one place to change it.
#   probes: the orchestrator has no key; metrics: the scraper has none; the OpenAPI
#   document: clients read it before they have one; "/", "/demo" and "/demo/...": the demo page,
#   which sends the key its user types. Every other path (the API) needs a key.
PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.yaml", "/", "/demo"})
PUBLIC_PREFIXES = ("/demo/",)  # the demo page's script, style and samples
REQUEST_ID_HEADER = "X-Request-ID"


def init_access(app: Flask) -> None:
    """CORS for the configured origins, and the key check before every request."""
    settings = app.config["SETTINGS"]
    if settings.cors_origins:
        CORS(app, origins=list(settings.cors_origins), expose_headers=[REQUEST_ID_HEADER, TRACE_HEADER], methods=["GET", "POST"],
             max_age=600)
    if settings.api_keys:
        app.before_request(_require_key)


def is_public(method: str, path: str) -> bool:
    """Requests that need no key: CORS preflights (a browser sends no credentials with
    them) and the paths above."""
    return method == "OPTIONS" or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _given_key() -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key")


def _require_key() -> Response | None:
    if is_public(request.method, request.path):
        return None
    given = _given_key()
    if given is not None:
        sent = given.encode("latin-1")  # the header's bytes as received (WSGI decodes them as Latin-1)
        keys = current_app.config["SETTINGS"].api_keys
        # every key is compared, so the time taken says nothing about which one nearly matched
        if any([hmac.compare_digest(sent, key.encode("utf-8")) for key in keys]):
            return None
    response = problem(401, "Unauthorized", "this service needs an API key: send 'Authorization: Bearer KEY' "
                                            "or 'X-API-Key: KEY'", "unauthorized")
    response.headers["WWW-Authenticate"] = 'Bearer realm="quotes"'
    return response
