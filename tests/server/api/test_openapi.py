"""openapi.yaml against the code: a valid OpenAPI 3.1 document that describes every field the
marshmallow schemas read and write, the limits in force by default, every enum and every
problem type the service emits, with examples that are real answers."""
from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from marshmallow import Schema, fields, validate
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec

from service import __version__
from service.core import schemas
from service.core.config import Settings
from service.core.offsets import UNITS
from service.core.options import OptionsSchema
from service.core.problems import PROBLEM_TYPE, PROBLEM_TYPES
from service.engine import results
from service.engine.names.entry import GENDERS, KINDS, GazetteerEntrySchema
from service.engine.options import SCOPES
from tests.conftest import ROOT

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
COMPONENTS = SPEC["components"]["schemas"]
# marshmallow schema -> the component that describes it
REQUESTS = {schemas.QuoteRequestSchema: "QuoteRequest", schemas.BatchRequestSchema: "BatchRequest",
            schemas.DocumentSchema: "Document", GazetteerEntrySchema: "GazetteerEntry"}
RESPONSES = {schemas.QuoteResponseSchema: "QuoteResponse", schemas.BatchResponseSchema: "BatchResponse",
             schemas.DocumentResultSchema: "DocumentResult", schemas.DocumentErrorSchema: "DocumentError",
             schemas.DocumentProblemSchema: "DocumentProblem", schemas.ProblemSchema: "Problem",
             schemas.QuoteSchema: "Quote", schemas.SpeakerSchema: "Speaker", schemas.SpeakerSummarySchema: "SpeakerSummary",
             schemas.MentionSchema: "Mention", schemas.VerbSchema: "Verb", schemas.TextSpanSchema: "TextSpan",
             schemas.ModelSchema: "Model", schemas.ModelGazetteerSchema: "ModelGazetteer", OptionsSchema: "Options"}
ENUMS = {"Scope": SCOPES, "Offsets": UNITS, "EntryKind": KINDS, "Gender": GENDERS, "QuoteType": results.QUOTE_TYPES,
         "SpeakerKind": results.SPEAKER_KINDS, "RoleSource": results.ROLE_SOURCES, "Resolution": results.RESOLUTIONS,
         "MentionKind": results.MENTION_KINDS}


def deref(node: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with $ref followed and a nullable oneOf reduced to its non-null member."""
    if "$ref" in node:
        return COMPONENTS[node["$ref"].rsplit("/", 1)[1]]
    members = [m for m in node.get("oneOf", []) if m.get("type") != "null"]
    return deref(members[0]) if len(members) == 1 else node


def nested(field: fields.Field) -> type[Schema] | None:
    field = field.inner if isinstance(field, fields.List) else field
    return type(field.schema) if isinstance(field, fields.Nested) else None


def test_the_document_is_valid_openapi_3_1():
    validate_spec(SPEC)
    assert SPEC["info"]["version"] == __version__


@pytest.mark.parametrize("schema,name", list(RESPONSES.items()), ids=list(RESPONSES.values()))
def test_every_response_field_is_described_and_required(schema, name):
    """Both ways: the fields a response carries are the properties, all of them always sent."""
    component = COMPONENTS[name]
    declared = schema().fields
    assert set(declared) == set(component["properties"])
    optional = {"errors"} if name in ("Problem", "DocumentProblem") else set()  # only where fields are at fault
    assert set(component["required"]) == set(declared) - optional
    for key, field in declared.items():
        inner = nested(field)
        if inner is not None and inner in RESPONSES:
            prop = deref(component["properties"][key])
            assert deref(prop.get("items", prop)) is COMPONENTS[RESPONSES[inner]], (name, key)


@pytest.mark.parametrize("schema,name", list(REQUESTS.items()), ids=list(REQUESTS.values()))
def test_every_request_field_is_described_with_its_limits(schema, name):
    component = COMPONENTS[name]
    declared = schema().fields
    assert set(declared) == set(component["properties"]) and component["additionalProperties"] is False
    assert set(component["required"]) == {key for key, f in declared.items() if f.required}
    for key, field in declared.items():
        prop = component["properties"][key]
        for rule in field.validators:
            if isinstance(rule, validate.Length) and rule.max is not None:
                assert prop.get("maxLength", prop.get("maxItems")) == rule.max, (name, key)
            if isinstance(rule, validate.OneOf):
                assert tuple(deref(prop)["enum"]) == tuple(rule.choices), (name, key)
        if isinstance(field, fields.List) and isinstance(field.inner, fields.String):
            for rule in field.inner.validators:
                if isinstance(rule, validate.Length):
                    assert prop["items"]["maxLength"] == rule.max and prop["items"]["minLength"] == rule.min


def test_query_parameters_are_the_query_schemas_fields():
    paths = SPEC["paths"]
    parameters = SPEC["components"]["parameters"]

    def names(path: str, where: str = "query") -> set[str]:
        found = [parameters[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in paths[path]["post"]["parameters"]]
        return {p["name"] for p in found if p["in"] == where}
    assert names("/v1/quotes") == set(schemas.QuoteQuerySchema().fields)
    assert names("/v1/quotes/batch") == set(OptionsSchema().fields)
    assert names("/v1/quotes", "header") == names("/v1/quotes/batch", "header") == {"traceparent"}


def test_integrators_find_servers_licence_and_contact():
    assert SPEC["servers"] and SPEC["info"]["license"]["identifier"] == "MIT" and SPEC["info"]["contact"]["name"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_the_default_limits_are_the_documented_ones():
    s = Settings()
    request, batch = COMPONENTS["QuoteRequest"]["properties"], COMPONENTS["BatchRequest"]["properties"]
    plain = SPEC["paths"]["/v1/quotes"]["post"]["requestBody"]["content"]["text/plain"]["schema"]
    assert request["text"]["maxLength"] == plain["maxLength"] == s.max_text_chars
    assert request["gazetteer"]["maxItems"] == batch["gazetteer"]["maxItems"] == s.max_gazetteer_entries
    assert batch["documents"]["maxItems"] == s.max_batch_documents
    assert f"{s.max_batch_chars:,}" in batch["documents"]["description"]
    assert f"{s.max_text_chars:,}" in COMPONENTS["Document"]["properties"]["text"]["description"]


@pytest.mark.parametrize("name,values", list(ENUMS.items()), ids=list(ENUMS))
def test_each_enum_is_one_named_component(name, values):
    assert tuple(COMPONENTS[name]["enum"]) == tuple(values)
    # nowhere else is the same list spelled out again: every use is a $ref
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert text.count(f"enum: [{', '.join(values)}]") == 1


def test_every_problem_type_the_service_emits_is_listed():
    listed = set(COMPONENTS["ProblemType"]["enum"])
    assert listed == {PROBLEM_TYPE + slug for slug in PROBLEM_TYPES} | {"about:blank"}
    used = set()
    for path in (ROOT / "service").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:ApiError|DocumentProblem)\(\s*\d{3},\s*"([a-z-]+)"', source))
        used |= set(re.findall(r'\d{3}: "([a-z-]+)"', source)) - {""}
        used |= set(re.findall(r'problem\(\d{3},[^)]*?,\s*"([a-z-]+)"\)', source))
    assert {"unauthorized", "not-found", "text-too-long", "invalid-json"} <= used <= set(PROBLEM_TYPES), used


def test_the_examples_are_valid_answers_that_slice_their_text():
    examples = SPEC["components"]["examples"]

    def valid(value: Any, name: str) -> None:
        OAS31Validator({"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}).validate(value)

    for kind in ("Quote", "Batch"):
        valid(examples[f"{kind}Request"]["value"], f"{kind}Request")
        valid(examples[f"{kind}Response"]["value"], f"{kind}Response")
    request, response = examples["QuoteRequest"]["value"], examples["QuoteResponse"]["value"]
    assert response["quotes"] and any(q["speaker"]["kb_id"] for q in response["quotes"])
    for quote in response["quotes"]:
        assert request["text"][quote["start"]:quote["end"]] == quote["text"]
    batch = examples["BatchRequest"]["value"]
    for document, result in zip(batch["documents"], examples["BatchResponse"]["value"]["results"]):
        units = document["text"].encode("utf-16-le")
        for quote in result["quotes"]:
            assert units[2 * quote["start"]:2 * quote["end"]].decode("utf-16-le") == quote["text"]


def test_the_python_client_has_the_same_enums():
    from typing import get_args

    from quotes_client import types

    for name in ("Scope", "Offsets", "SpeakerKind", "RoleSource", "Resolution", "MentionKind", "QuoteType"):
        assert get_args(getattr(types, name)) == tuple(COMPONENTS[name]["enum"]), name


def test_no_description_is_cut_by_a_comma_in_a_flow_mapping():
    """In `{type: string, description: A, b.}` YAML reads a key "b." with no value: outside the
    examples (whose nulls are the answers'), no key of the document is null."""
    def nulls(node: Any, path: str) -> list[str]:
        if isinstance(node, dict):
            return [f"{path}/{k}" for k, v in node.items() if v is None] + \
                [n for k, v in node.items() for n in nulls(v, f"{path}/{k}")]
        return [n for i, v in enumerate(node) for n in nulls(v, f"{path}/{i}")] if isinstance(node, list) else []
    spec = {**SPEC, "components": {k: v for k, v in SPEC["components"].items() if k != "examples"}}
    assert nulls(spec, "") == []
