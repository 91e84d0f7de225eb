"""The extraction engine: a spaCy pipeline component and the rules behind it.

Importing this package registers the ``quote_attribution``, ``quote_paragraphs`` and
``quote_party_tags`` factories and the engine's tokenizer with spaCy;
``build_pipeline`` gives the pipeline every caller runs.
"""
from .component import QuoteAttributor, make_quote_attribution
from .pipeline import build_pipeline
from .results import Quote, Speaker, SpeakerSummary, TextSpan, Verb

__all__ = ["QuoteAttributor", "make_quote_attribution", "build_pipeline", "Quote", "Speaker", "SpeakerSummary",
           "TextSpan", "Verb"]
