"""The extraction engine: a spaCy pipeline component and the rules behind it.

Importing this package registers the ``quote_attribution``, ``quote_paragraphs`` and
``quote_party_tags`` factories with spaCy.
"""
from .component import QuoteAttributor, make_quote_attribution
from .results import Quote, Speaker, TextSpan, Verb

__all__ = ["QuoteAttributor", "make_quote_attribution", "Quote", "Speaker", "TextSpan", "Verb"]
