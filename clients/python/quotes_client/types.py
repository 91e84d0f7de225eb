"""The service's answers as TypedDicts, mirroring openapi.yaml's schemas (one name each).

Written for Python 3.9: ``Optional``/``Union`` rather than ``X | None`` (``typing.get_type_hints``
evaluates these), and optional keys in a ``total=False`` class rather than ``NotRequired``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

# openapi.yaml's named enums
Scope = Literal["quotes", "attributions"]
Offsets = Literal["codepoint", "utf16", "utf8"]
SpeakerKind = Literal["person", "organization", "group", "unknown"]
RoleSource = Literal["text", "relative", "gazetteer"]
Resolution = Literal["explicit", "alias", "coreference", "unresolved"]
MentionKind = Literal["name", "alias", "pronoun", "description"]
QuoteType = Literal["direct", "indirect", "mixed"]


class TextSpan(TypedDict):
    text: str
    start: int
    end: int


class Mention(TextSpan):
    kind: MentionKind


class Verb(TextSpan):
    lemma: str


class Speaker(TypedDict):
    id: Optional[str]
    name: Optional[str]
    kind: SpeakerKind
    role: Optional[str]
    role_source: Optional[RoleSource]
    organization: Optional[str]
    resolution: Resolution
    description: Optional[str]
    kb_id: Optional[str]
    key: Optional[str]  # the same for the same person in every document (None: not identifiable)
    mention: Optional[Mention]


class Quote(TypedDict):
    id: str
    type: QuoteType
    text: str
    start: int
    end: int
    speaker: Optional[Speaker]
    verb: Optional[Verb]
    confidence: float
    construction: str
    fragments: Optional[List[TextSpan]]


class SpeakerSummary(TypedDict):
    id: str
    name: Optional[str]
    description: Optional[str]
    kind: SpeakerKind
    role: Optional[str]
    role_source: Optional[RoleSource]
    organization: Optional[str]
    kb_id: Optional[str]
    key: Optional[str]
    quotes: int
    mentions: List[Mention]


class Options(TypedDict):
    scope: Scope
    join_split: bool
    min_confidence: float
    offsets: Offsets


class ModelGazetteer(TypedDict):
    people: bool
    file: Optional[str]  # sha256 of the server's QUOTES_GAZETTEER file
    request_entries: int


class Model(TypedDict):
    """What produced an answer: the same text with the same model gets the same quotes."""

    name: str
    version: str
    service_version: str
    data: str  # digest of the engine's data files
    gazetteer: ModelGazetteer
    options: Options


class QuoteResponse(TypedDict):
    id: Optional[str]
    model: Model
    quotes: List[Quote]
    speakers: List[SpeakerSummary]


class _ProblemFields(TypedDict):
    type: str
    title: str
    status: int
    detail: str


class Problem(_ProblemFields, total=False):
    """An RFC 9457 problem; ``errors`` only where fields are at fault."""

    errors: Any
    request_id: str


class DocumentResult(TypedDict):
    index: int
    id: Optional[str]
    quotes: List[Quote]
    speakers: List[SpeakerSummary]
    model: Model  # the model of the request that answered this document


class DocumentError(TypedDict):
    index: int
    id: Optional[str]
    error: Problem
    model: Optional[Model]  # None: the client could not send this document


BatchResult = Union[DocumentResult, DocumentError]


class BatchResponse(TypedDict):
    model: Model
    results: List[Dict[str, Any]]


class _EntryName(TypedDict):
    name: str


class GazetteerEntry(_EntryName, total=False):
    """A speaker to know for a request; only ``name`` is required."""

    kind: Optional[Literal["person", "organization"]]
    aliases: List[str]
    role: Optional[str]
    organization: Optional[str]
    country: Optional[str]
    gender: Optional[Literal["m", "f"]]
    demonym: Optional[str]
    id: Optional[str]
