"""marshmallow fields and validators that the request schemas and the gazetteer schema share.

They live apart from ``service.schemas`` so that the engine can validate its YAML
gazetteer files with the same rules (``service.gazetteer_schema``) without importing
the request schemas.
"""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from .engine.gazetteer import WHITESPACE


def lone_surrogate(value: str) -> int | None:
    """The offset of the first lone surrogate in ``value`` (a JSON ``"\\ud800"`` escape gives
    one), or None: such a string is not Unicode text and cannot be encoded in any answer."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def not_blank(value: str) -> None:
    """Whitespace as JSON Schema patterns see it (``pattern: \\S`` in openapi.yaml)."""
    if not value.strip(WHITESPACE):
        raise ValidationError("Must not be blank.")


class UnicodeString(fields.String):
    """A string that is Unicode text: no lone surrogates (a 422 naming the field, never a 500)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        offset = lone_surrogate(text)
        if offset is not None:
            raise ValidationError(f"Not Unicode text: a lone surrogate at offset {offset}.")
        return text


class StrictBoolean(fields.Boolean):
    """JSON true or false only: marshmallow's Boolean also takes 0, 1, "yes", "on", which the
    OpenAPI contract (type boolean) does not allow."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def query_boolean(**kwargs: Any) -> fields.Boolean:
    """A boolean query parameter: ``true``/``false`` as OpenAPI clients send them, or 1/0."""
    return fields.Boolean(truthy={"true", "1"}, falsy={"false", "0"}, **kwargs)
