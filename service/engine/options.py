"""The engine's per-document options: what counts as a quote, and how split quotes come back."""
from __future__ import annotations

# what counts as a quote: speech acts with a reported content (the seed conventions), or every
# attribution, beliefs and stances included (PolNeAR/PARC); see engine.component
SCOPES = ("quotes", "attributions")


def checked_scope(scope: str) -> str:
    """``scope`` itself, or ValueError naming the choices."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    return scope
