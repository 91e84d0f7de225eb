"""Request and response shapes (marshmallow), the single source of validation.

openapi.yaml describes the same shapes for clients; tests/test_openapi.py
checks that the two agree.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .engine.gazetteer import KINDS, WHITESPACE
from .engine.options import SCOPES
from .offsets import UNITS


def _not_blank(value: str) -> None:
    if not value.strip(WHITESPACE):
        raise ValidationError("Must not be blank.")


class GazetteerEntrySchema(Schema):
    """A speaker to know for this request (see data/gazetteer.yaml)."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), _not_blank])
    # no default: an entry that leaves kind out keeps the kind of the entry it merges over
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    aliases = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                          load_default=list, validate=validate.Length(max=50))
    role = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    organization = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    country = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("m", "f")))
    demonym = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class StrictBoolean(fields.Boolean):
    """JSON true or false only: marshmallow's Boolean also takes 0, 1, "yes", "on", which the
    OpenAPI contract (type boolean) does not allow."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class _Options(Schema):
    class Meta:
        unknown = RAISE

    gazetteer = fields.List(fields.Nested(GazetteerEntrySchema), load_default=list)
    min_confidence = fields.Float(load_default=None, allow_none=True, allow_nan=False,
                                  validate=validate.Range(min=0.0, max=1.0))
    scope = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SCOPES))
    join_split = StrictBoolean(load_default=None, allow_none=True)
    offsets = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(UNITS))


class QuoteRequestSchema(_Options):
    """POST /v1/quotes with a JSON body."""

    text = fields.String(required=True)
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class DocumentSchema(Schema):
    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class BatchRequestSchema(_Options):
    """POST /v1/quotes/batch."""

    documents = fields.List(fields.Nested(DocumentSchema), required=True, validate=validate.Length(min=1))


# -- responses -------------------------------------------------------------------------
class TextSpanSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class VerbSchema(TextSpanSchema):
    lemma = fields.String()


class MentionSchema(TextSpanSchema):
    kind = fields.String()


class SpeakerSchema(Schema):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    kind = fields.String()
    role = fields.String(allow_none=True)
    role_source = fields.String(allow_none=True)
    organization = fields.String(allow_none=True)
    resolution = fields.String()
    description = fields.String(allow_none=True)
    kb_id = fields.String(allow_none=True)
    mention = fields.Nested(MentionSchema, allow_none=True)


class QuoteSchema(Schema):
    id = fields.String()
    type = fields.String()
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    speaker = fields.Nested(SpeakerSchema, allow_none=True)
    verb = fields.Nested(VerbSchema, allow_none=True)
    confidence = fields.Float()
    construction = fields.String()
    fragments = fields.List(fields.Nested(TextSpanSchema), allow_none=True)


class SpeakerSummarySchema(Schema):
    id = fields.String()
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    kind = fields.String()
    role = fields.String(allow_none=True)
    role_source = fields.String(allow_none=True)
    organization = fields.String(allow_none=True)
    kb_id = fields.String(allow_none=True)
    quotes = fields.Integer()
    mentions = fields.List(fields.Nested(MentionSchema))


class OptionsSchema(Schema):
    scope = fields.String()
    join_split = fields.Boolean()
    min_confidence = fields.Float()
    offsets = fields.String()


class ModelSchema(Schema):
    name = fields.String()
    version = fields.String()
    service_version = fields.String()
    options = fields.Nested(OptionsSchema)


class QuoteResponseSchema(Schema):
    id = fields.String(allow_none=True)
    model = fields.Nested(ModelSchema)
    quotes = fields.List(fields.Nested(QuoteSchema))
    speakers = fields.List(fields.Nested(SpeakerSummarySchema))


class BatchResponseSchema(Schema):
    model = fields.Nested(ModelSchema)
    results = fields.List(fields.Nested(QuoteResponseSchema))
