"""A client for the quote attribution service, on the standard library alone (Python 3.9+).

    from quotes_client import QuoteClient

    client = QuoteClient("http://127.0.0.1:8000", api_key=None)
    answer = client.quotes("“We are ready,” Dmitry Peskov said.", offsets="utf16")
    for result in client.batch(texts):           # any number of documents, in order
        if "error" in result: ...                # that document's problem; the others are answered

Results are TypedDicts mirroring openapi.yaml (``quotes_client.types``).
"""
from .client import Document, Limits, QuoteClient, ServiceError, __version__, retry_after
from .types import (
    BatchResponse,
    BatchResult,
    DocumentError,
    DocumentResult,
    GazetteerEntry,
    Mention,
    Model,
    ModelGazetteer,
    Options,
    Problem,
    Quote,
    QuoteResponse,
    Speaker,
    SpeakerSummary,
    TextSpan,
    Verb,
)

__all__ = ["BatchResponse", "BatchResult", "Document", "DocumentError", "DocumentResult", "GazetteerEntry", "Limits",
           "Mention", "Model", "ModelGazetteer", "Options", "Problem", "Quote", "QuoteClient", "QuoteResponse",
           "ServiceError", "Speaker", "SpeakerSummary", "TextSpan", "Verb", "__version__", "retry_after"]
