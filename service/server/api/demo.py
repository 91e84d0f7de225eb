"""The demo page: an article with its quotes drawn over it, for people rather than programs.

The page is static (``service/server/web/static``: HTML, CSS and one script) and calls
``POST /v1/quotes`` like any other client, so what it shows is exactly what the API answers.
Its headers allow nothing it does not use: scripts, styles and requests only from this
origin, no inline code, no framing, and DOM injection sinks closed by Trusted Types, so an
article's text can only ever become text. The bundled sample articles are the five seed
articles (``service/server/web/samples``).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, jsonify, send_from_directory

WEB = Path(__file__).resolve().parent.parent / "web"
SAMPLES = WEB / "samples"
TITLE_WORDS, TITLE_CHARS = 4, 80

bp = Blueprint("demo", __name__, static_folder=WEB / "static", static_url_path="/demo/static")

SECURITY_HEADERS = {
    "Content-Security-Policy": "; ".join((
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "img-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        "require-trusted-types-for 'script'", "trusted-types 'none'")),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@bp.after_request
def _secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


@bp.get("/")
@bp.get("/demo")
def page() -> Response:
    """The page itself; ``/`` so that opening the service in a browser shows something."""
    return bp.send_static_file("index.html")


@bp.get("/demo/samples")
def samples() -> Response:
    """The bundled articles the page offers, by name, with a title to choose them by."""
    return jsonify([{"name": path.stem, "title": sample_title(path.read_text(encoding="utf-8"))}
                    for path in sorted(SAMPLES.glob("*.txt"))])


@bp.get("/demo/samples/<name>")
def sample(name: str) -> Response:
    """One bundled article as plain UTF-8 text; an unknown name is a 404 problem."""
    return send_from_directory(SAMPLES, f"{name}.txt", mimetype="text/plain")


def sample_title(text: str) -> str:
    """The first line long enough to be a headline (scraped articles open with "Global" or
    "Spread the love"), shortened for a drop-down."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = next((line for line in lines if len(line.split()) >= TITLE_WORDS), lines[0] if lines else "")
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"
