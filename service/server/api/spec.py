"""The OpenAPI description, served as written."""
from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response

bp = Blueprint("spec", __name__)


@bp.get("/openapi.yaml")
def openapi():
    text = (resources.files("service") / "openapi.yaml").read_text(encoding="utf-8")
    return Response(text, mimetype="application/yaml")
