"""Request and response shapes (marshmallow), the single source of validation.

openapi.yaml describes the same shapes for clients; tests/server/api/test_openapi.py
checks that the two agree.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from ..engine.names.entry import ID_MAX, GazetteerEntrySchema
from .options import OptionsSchema


class _Gazetteer(Schema):
    """A request's own gazetteer entries, merged over the server's for its documents."""

    gazetteer = fields.List(fields.Nested(GazetteerEntrySchema), load_default=list)


class DocumentSchema(Schema):
    """One document. Its text's length and encoding are the document's own problems
    (``Annotator.problem``): in a batch they give that document an error record."""

    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=ID_MAX))


class QuoteRequestSchema(DocumentSchema, OptionsSchema, _Gazetteer):
    """POST /v1/quotes: the JSON body, or ``{"text": <the text/plain body>}``."""


class BatchRequestSchema(OptionsSchema, _Gazetteer):
    """POST /v1/quotes/batch."""

    documents = fields.List(fields.Nested(DocumentSchema), required=True, validate=validate.Length(min=1))


class QuoteQuerySchema(OptionsSchema):
    """POST /v1/quotes's query parameters: the options and the document's ``id`` (load with
    ``strings=True``, as every query string)."""

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
    key = fields.String(allow_none=True)
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
    key = fields.String(allow_none=True)
    quotes = fields.Integer()
    mentions = fields.List(fields.Nested(MentionSchema))


class ModelGazetteerSchema(Schema):
    """The gazetteer an answer was made with (``Annotator.model``)."""

    people = fields.Boolean()
    file = fields.String(allow_none=True)
    request_entries = fields.Integer()


class ModelSchema(Schema):
    name = fields.String()
    version = fields.String()
    service_version = fields.String()
    data = fields.String()
    gazetteer = fields.Nested(ModelGazetteerSchema)
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
