"""The engine's per-document options: what counts as a quote, how split quotes come back, and
the confidence floor.

A component has defaults (its config); a document may override them on
``doc._.quote_options`` (a dict; a missing or None value keeps the default).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

# what counts as a quote: speech acts with a reported content (the seed conventions), or every
# attribution, beliefs and stances included (PolNeAR/PARC); see engine.component
SCOPES = ("quotes", "attributions")


@dataclass(frozen=True)
class EngineOptions:
    """``scope`` (one of SCOPES), ``join_split`` and ``min_confidence`` (0 to 1)."""

    scope: str = "quotes"
    join_split: bool = False
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {self.scope!r}")
        if not 0.0 <= float(self.min_confidence) <= 1.0:
            raise ValueError(f"min_confidence must be from 0 to 1, not {self.min_confidence!r}")

    def over(self, given: Mapping[str, Any] | None) -> "EngineOptions":
        """These options with a document's own values over them."""
        if not given:
            return self
        chosen = {f.name: given[f.name] for f in fields(self) if given.get(f.name) is not None}
        return replace(self, **chosen) if chosen else self

    @property
    def wide(self) -> bool:
        """The "attributions" scope: beliefs, intentions and stances too."""
        return self.scope == "attributions"
