"""Request and response shapes (marshmallow), the single source of validation.

openapi.yaml describes the same shapes for clients; tests/test_openapi.py
checks that the two agree.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from .engine.options import SCOPES
from .fields import StrictBoolean, query_boolean
from .gazetteer_schema import ID_MAX, GazetteerEntrySchema
from .offsets import UNITS


class _Options(Schema):
    """The options every request may set in its JSON body (null: the server's default)."""

    class Meta:
        unknown = RAISE

    gazetteer = fields.List(fields.Nested(GazetteerEntrySchema), load_default=list)
    min_confidence = fields.Float(load_default=None, allow_none=True, allow_nan=False,
                                  validate=validate.Range(min=0.0, max=1.0))
    scope = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SCOPES))
    join_split = StrictBoolean(load_default=None, allow_none=True)
    offsets = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(UNITS))


class DocumentSchema(Schema):
    """One document. Its text's length and encoding are the document's own problems
    (``Annotator.problem``): in a batch they give that document an error record."""

    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=ID_MAX))


class QuoteRequestSchema(DocumentSchema, _Options):
    """POST /v1/quotes: the JSON body, or ``{"text": <the text/plain body>}``."""


class BatchRequestSchema(_Options):
    """POST /v1/quotes/batch."""

    documents = fields.List(fields.Nested(DocumentSchema), required=True, validate=validate.Length(min=1))


class QueryOptionsSchema(Schema):
    """The options as query parameters (the same names and rules as in a JSON body); a
    JSON body's own non-null values take precedence."""

    class Meta:
        unknown = RAISE

    min_confidence = fields.Float(allow_nan=False, validate=validate.Range(min=0.0, max=1.0))
    scope = fields.String(validate=validate.OneOf(SCOPES))
    join_split = query_boolean()
    offsets = fields.String(validate=validate.OneOf(UNITS))

    @pre_load
    def _once(self, data, **kwargs):
        """A query string may repeat a name; each parameter must be given once."""
        if not hasattr(data, "getlist"):
            return data
        repeated = {key: ["Give this parameter once."] for key in data if len(data.getlist(key)) > 1}
        if repeated:
            raise ValidationError(repeated)
        return data.to_dict()


class QuoteQuerySchema(QueryOptionsSchema):
    """POST /v1/quotes's query parameters: the options and the document's ``id``."""

    id = fields.String(validate=validate.Length(max=ID_MAX))


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


class DocumentProblemSchema(Schema):
    """Why one document of a batch got no answer (RFC 9457 members; ``errors`` names its field)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ProblemSchema(DocumentProblemSchema):
    """An error answer (application/problem+json); ``errors`` only where fields are at fault."""

    request_id = fields.String()
    errors = fields.Raw()  # field errors, keyed by field (nested as the request is)


class DocumentResultSchema(Schema):
    """One document's answer in a batch."""

    index = fields.Integer()
    id = fields.String(allow_none=True)
    quotes = fields.List(fields.Nested(QuoteSchema))
    speakers = fields.List(fields.Nested(SpeakerSummarySchema))


class DocumentErrorSchema(Schema):
    """One document of a batch that could not be processed."""

    index = fields.Integer()
    id = fields.String(allow_none=True)
    error = fields.Nested(DocumentProblemSchema)


class BatchResponseSchema(Schema):
    model = fields.Nested(ModelSchema)
    # each a DocumentResultSchema or a DocumentErrorSchema, in the order sent
    results = fields.List(fields.Raw())
