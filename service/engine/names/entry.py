"""One gazetteer entry and the rules for it, whoever gives it: a request's ``gazetteer``
list, a ``QUOTES_GAZETTEER`` file or the built-in ``data/gazetteer.yaml``.

The schema loads straight into ``Entry``, and ``Entry.from_dict`` loads YAML entries
through the same schema, so there is one rule set; the API's request schemas nest it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from ..text.unicode import WHITESPACE, lone_surrogate

KINDS = ("person", "organization")
GENDERS = ("m", "f")
NAME_MAX, ALIASES_MAX, ROLE_MAX, COUNTRY_MAX, DEMONYM_MAX, ID_MAX = 200, 50, 300, 200, 100, 200


@dataclass(frozen=True)
class Entry:
    """One canonical speaker (fields as in data/gazetteer.yaml)."""

    name: str
    kind: str | None = "person"  # None only in an entry not yet merged: it keeps the kind it merges over
    aliases: tuple[str, ...] = ()
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    gender: str | None = None
    demonym: str | None = None
    id: str | None = None  # the caller's identifier (a Wikidata QID, a CMS id), returned as kb_id

    @classmethod
    def from_dict(cls, raw: Any) -> "Entry":
        """Validate one entry (a YAML file's, or a dict a Python caller puts on a doc) by the same
        rules as the API's request entries; raises ValueError with a message a user can act on."""
        try:
            return GazetteerEntrySchema().load(raw)
        except ValidationError as exc:
            name = raw.get("name") if isinstance(raw, dict) else None
            raise ValueError(f"gazetteer entry {name!r}: {exc.messages}") from None

    def names(self) -> list[str]:
        return [self.name, *self.aliases]



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
