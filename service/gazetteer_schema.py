"""The rules for one gazetteer entry, whoever gives it: a request's ``gazetteer`` list, a
``QUOTES_GAZETTEER`` file or the built-in ``data/gazetteer.yaml``.

The schema loads straight into the engine's ``Entry``; the engine's ``Entry.from_dict``
loads its YAML entries through this same schema, so there is one rule set. This module
imports no Flask (the engine must not depend on the web side).
"""
from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, post_load, validate

from .engine.gazetteer import KINDS, WHITESPACE, Entry
from .fields import UnicodeString, not_blank

GENDERS = ("m", "f")
NAME_MAX, ALIASES_MAX, ROLE_MAX, COUNTRY_MAX, DEMONYM_MAX, ID_MAX = 200, 50, 300, 200, 100, 200


def _optional(maximum: int) -> UnicodeString:
    return UnicodeString(load_default=None, allow_none=True, validate=validate.Length(max=maximum))


class GazetteerEntrySchema(Schema):
    """A speaker to know (see data/gazetteer.yaml)."""

    class Meta:
        unknown = RAISE

    name = UnicodeString(required=True, validate=[validate.Length(min=1, max=NAME_MAX), not_blank])
    # no default: an entry that leaves kind out keeps the kind of the entry it merges over
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(KINDS))
    aliases = fields.List(UnicodeString(validate=[validate.Length(min=1, max=NAME_MAX), not_blank]),
                          load_default=list, validate=validate.Length(max=ALIASES_MAX))
    role = _optional(ROLE_MAX)
    organization = _optional(ROLE_MAX)
    country = _optional(COUNTRY_MAX)
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(GENDERS))
    demonym = _optional(DEMONYM_MAX)
    id = _optional(ID_MAX)

    @post_load
    def _entry(self, data: dict[str, Any], **kwargs: Any) -> Entry:
        """The canonical name without surrounding blanks is the key entries merge by."""
        return Entry(**{**data, "name": data["name"].strip(WHITESPACE), "aliases": tuple(data["aliases"])})
