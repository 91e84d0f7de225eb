"""The options a caller may choose per request, declared once.

``OptionsSchema`` is the one validator of the options wherever they are given: a JSON body
(null: the server's default), a query string, the ``quotes`` CLI's and the Spark job's
flags, the ``QUOTES_*`` settings (``strings=True``: values arrive as text), and the
``model.options`` of every answer (dumped). ``Options`` is what a request runs with: the
server's defaults with the request's own values over them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, pre_load, validate
from marshmallow import fields as mf

from ..engine.options import SCOPES
from .offsets import UNITS

_TRUE, _FALSE = {"true", "1"}, {"false", "0"}  # a boolean as a query string writes it


class StrictBoolean(mf.Boolean):
    """JSON true or false only: marshmallow's Boolean also takes 0, 1, "yes", "on", which the
    OpenAPI contract (type boolean) does not allow."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class StrictNumber(mf.Float):
    """A JSON number only: marshmallow's Float also takes the string "0.5", which the OpenAPI
    contract (type number) does not allow."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class OptionsSchema(Schema):
    """scope, join_split, min_confidence and offsets (null or absent: the server's default).

    With ``strings=True`` the values come as text (a query string, a flag, an environment
    variable): "true"/"false" (or 1/0) and numbers are read from it, and a query string may
    give each name once."""

    class Meta:
        unknown = RAISE

    scope = mf.String(load_default=None, allow_none=True, validate=validate.OneOf(SCOPES))
    join_split = StrictBoolean(load_default=None, allow_none=True)
    min_confidence = StrictNumber(load_default=None, allow_none=True, allow_nan=False,
                                  validate=validate.Range(min=0.0, max=1.0, error="Must be a number from 0 to 1."))
    offsets = mf.String(load_default=None, allow_none=True, validate=validate.OneOf(UNITS))

    def __init__(self, *args: Any, strings: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strings = strings

    @pre_load
    def _from_strings(self, data: Any, **kwargs: Any) -> Any:
        if not self.strings:
            return data
        if hasattr(data, "getlist"):  # a query string may repeat a name; each must be given once
            repeated = {key: ["Give this parameter once."] for key in data if len(data.getlist(key)) > 1}
            if repeated:
                raise ValidationError(repeated)
            data = data.to_dict()
        return {key: _typed(self.fields.get(key), value) for key, value in data.items()}


def _typed(field: mf.Field | None, value: Any) -> Any:
    """A string as the value its field takes, where it reads as one; else the string, which
    the field then refuses with its own message."""
    if not isinstance(value, str):
        return value
    if isinstance(field, mf.Boolean):
        word = value.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else value
    if isinstance(field, mf.Float):
        try:
            number = float(value)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def choices(name: str) -> tuple[str, ...]:
    """The values an option may take, as its schema field validates them (for flags' help)."""
    rule = OptionsSchema().fields[name].validate
    return tuple(rule.choices)


@dataclass(frozen=True)
class Options:
    """What a request runs with; defaults come from the settings."""

    scope: str = "quotes"
    join_split: bool = False
    min_confidence: float = 0.0
    offsets: str = "codepoint"

    def overridden(self, given: dict[str, Any]) -> "Options":
        """These options with a request's own values (None: keep the default). A request may
        raise the confidence floor but not lower the server's."""
        chosen = {f.name: given[f.name] for f in fields(self) if given.get(f.name) is not None}
        if "min_confidence" in chosen:
            chosen["min_confidence"] = max(self.min_confidence, chosen["min_confidence"])
        return replace(self, **chosen)

    def engine(self) -> dict[str, Any]:
        """The options the engine reads from ``doc._.quote_options``."""
        return {"scope": self.scope, "join_split": self.join_split, "min_confidence": self.min_confidence}
