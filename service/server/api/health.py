"""Liveness and readiness."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process answers."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The model is loaded and the service can take work."""
    nlp = current_app.extensions.get("nlp")
    if nlp is None:
        return jsonify(status="loading"), 503
    return jsonify(status="ready", model=current_app.extensions["model_info"])
