"""The text and its tokens, before any rule reads them: tokenizing in linear time, party tags
as one token, paragraphs and sentences, scans over the token arrays, and text folding.
Imports nothing else of the engine."""
