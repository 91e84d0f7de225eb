"""The headers every response carries, whoever answers (the app, or gunicorn for a request
it cannot parse: service.server.worker).

An API answer is data, never a page: browsers must not sniff it into HTML, frame it, run
anything in it, leak the URL onwards or cache it. Only headers a response lacks are added,
so a page that sets its own (a demo page with its own Content-Security-Policy) keeps them.
"""
from __future__ import annotations

from typing import MutableMapping

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def add_missing(headers: MutableMapping[str, str]) -> None:
    """Add each of SECURITY_HEADERS that ``headers`` does not have yet."""
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
