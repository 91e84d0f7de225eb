"""Tokenizing any text in time linear in its length.

spaCy's tokenizer splits a run of punctuation or symbols one character at a time,
searching the rest of the run again at each step: 10,000 "=" signs (or brackets,
quotation marks, emoji) take seconds, 50,000 take minutes. No real token is that
long, so runs longer than ``max_run`` become tokens of that length (one token per
character would cost every later component as much as a word each), the text between
them is tokenized as usual, and the Doc is built from the words and spaces:
``doc.text`` is the text received, character for character, so no offset moves.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from spacy.vocab import Vocab

# Curly quotation marks glued to a word, and a comma glued to an opening mark: scraped news
# drops spaces ("Okafor said,“Look, ...”"), and a cue fused with the quotation is no cue.
GLUED_QUOTE_INFIXES = (r"[“”„«»]", r",(?=[\"‘“])")


@spacy.registry.tokenizers("quote_attribution.tokenizer.v1")
def make_tokenizer(max_run: int = 64) -> Callable[[Language], "RunSafeTokenizer"]:
    """The tokenizer the engine's pipelines use (``build_pipeline`` names it in the config, so a
    saved pipeline loads with it): spaCy's, splitting quotation marks glued to words, and
    linear in runs of punctuation."""
    create_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> RunSafeTokenizer:
        return RunSafeTokenizer(create_default(nlp), max_run, infixes=tuple(nlp.Defaults.infixes or ()))
    return create


class RunSafeTokenizer:
    """Wraps a pipeline's tokenizer (``make_tokenizer`` builds one). Given the language's
    infix rules (``infixes``), it splits glued quotation marks too, and sets those rules again
    whenever the wrapped tokenizer's data is loaded, which brings back the rules it was saved
    with; without them, the wrapped tokenizer's rules are left as they are."""

    def __init__(self, tokenizer: Tokenizer, max_run: int = 64, infixes: tuple[str, ...] | None = None) -> None:
        self.tokenizer = tokenizer
        self.vocab: Vocab = tokenizer.vocab
        self.max_run = max_run
        self.infixes = infixes
        self._long_run = re.compile(r"[^\w\s]{%d,}" % (max_run + 1))
        self._infixes()

    def __call__(self, text: str) -> Doc:
        if self._long_run.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        done = 0
        for run in self._long_run.finditer(text):
            self._add(text[done:run.start()], words, spaces)
            # the run in pieces of max_run characters, a token each: cheap for every component
            # after (one token per character would cost the parser as much as a word each)
            for cut in range(run.start(), run.end(), self.max_run):
                words.append(text[cut:min(cut + self.max_run, run.end())])
                spaces.append(False)
            if run.end() < len(text) and text[run.end()] == " ":
                spaces[-1] = True
                done = run.end() + 1
            else:
                done = run.end()
        self._add(text[done:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _infixes(self) -> None:
        if self.infixes is not None:
            self.tokenizer.infix_finditer = compile_infix_regex([*self.infixes, *GLUED_QUOTE_INFIXES]).finditer

    def _add(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        """The tokens of ``piece``; whitespace between pieces stays the token's own."""
        for token in self.tokenizer(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # the wrapped tokenizer's data is the data: saving and loading go to it
    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> "RunSafeTokenizer":
        self.tokenizer.from_disk(path, **kwargs)
        self._infixes()
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> "RunSafeTokenizer":
        self.tokenizer.from_bytes(data, **kwargs)
        self._infixes()
        return self
