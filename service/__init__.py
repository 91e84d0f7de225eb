"""Quote attribution for news: a spaCy component and the web service around it."""

__version__ = "0.1.0"
