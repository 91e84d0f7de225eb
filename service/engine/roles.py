"""Roles and titles as the article words them.

Three constructions carry a role next to a name: a title written before it
("Kremlin spokesman Dmitry Peskov"), an apposition ("Alexander Gabuev, director
of the Carnegie Russia Eurasia Center" or "the Secretary of the Russian Security
Council, Nikolai Patrushev"), and a name inside a descriptive noun phrase ("the
official Xinhua news agency"). "his Ukrainian counterpart Dmitro Kuleba" is a
relative role, made explicit from the possessor's own role.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import builtin

_ROLES = builtin("roles.yaml")
PERSON_HEADS = frozenset(_ROLES["person_heads"])
ORGANIZATION_HEADS = frozenset(_ROLES["organization_heads"])
ANONYMOUS_HEADS = frozenset(_ROLES["anonymous_heads"])
RELATIVE_HEADS = frozenset(_ROLES["relative_heads"])
HONORIFICS = frozenset(_ROLES["honorifics"])
NEUTRAL_MODIFIERS = frozenset(_ROLES["neutral_modifiers"])
PRONOUNS: dict[str, dict[str, str]] = _ROLES["pronouns"]
ROLE_HEADS = PERSON_HEADS | ORGANIZATION_HEADS
_PREMODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod", "punct", "nummod"}
_COURTESY = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "dame"}


@dataclass(frozen=True)
class TextRole:
    """A role found in the text; ``relative_to`` is set for "his counterpart" roles."""

    text: str
    position: int  # token index, for "first stated role wins"
    source: str  # text | relative
    organization: str | None = None
    relative_to: Token | None = None  # the possessor ("his") of a relative role
    qualifier: str = ""  # "Ukrainian" in "his Ukrainian counterpart"


def clean(text: str) -> str:
    """A role label: single spaces, straight apostrophes (labels, not offsets)."""
    return " ".join(text.replace("’", "'").split()).strip(" ,;:-–—")


def _span_text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as written (a name left out of its description leaves no gap)."""
    return clean("".join(t.text_with_ws for t in tokens))


def _organization_in(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    for ent in tokens[0].doc[tokens[0].i:tokens[-1].i + 1].ents:
        if ent.label_ == "ORG":
            words = [t for t in ent if t.dep_ != "det"]
            return _span_text(words) or None
    return None


def _role_tokens(tokens: list[Token]) -> list[Token]:
    """Drop determiners, possessive pronouns and courtesy titles at the left edge."""
    while tokens and (tokens[0].dep_ in ("det", "predet", "cc", "punct") or tokens[0].lower_ in _COURTESY
                      or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def role_for_name(name: Span) -> TextRole | None:
    """The role stated at this name mention, if any."""
    root = name.root
    doc = name.doc
    head = root.head
    # the name modifies a descriptive head: "the official Xinhua news agency"
    if root.dep_ == "compound" and head.i > root.i and head.lemma_.lower() in ROLE_HEADS:
        tokens = _role_tokens([t for t in doc[head.left_edge.i:head.i + 1] if not (name.start <= t.i < name.end)])
        if tokens:
            return TextRole(_span_text(tokens), tokens[0].i, "text")
    # 1. premodifying title: "Kremlin spokesman Dmitry Peskov", "his Chinese counterpart Wang Yi"
    pre: list[Token] = []
    i = name.start - 1
    possessor = None
    while i >= 0 and doc[i].sent == root.sent:
        tok = doc[i]
        if tok.dep_ == "poss" and tok.pos_ == "PRON":
            possessor = tok
            break
        if tok.dep_ not in _PREMODIFIER_DEPS and not (tok.dep_ == "case" and pre):
            break
        if not _heads_into(tok, root, name):
            break
        if tok.is_punct and tok.text not in ("-", "’", "'"):
            break
        pre.insert(0, tok)
        i -= 1
    pre = _role_tokens(pre)
    if pre:
        if _is_relative(pre[-1]):
            return _relative_role(pre, possessor, name.start)
        if pre[-1].pos_ in ("NOUN", "PROPN") and (pre[-1].lemma_.lower() in ROLE_HEADS
                                                   or pre[-1].lower_ in HONORIFICS):
            if pre[-1].lower_.rstrip(".") not in _COURTESY:
                return TextRole(_span_text(pre), pre[0].i, "text", _organization_in(pre))
    # 2. apposition after the name: "Alexander Gabuev, director of the ... Center,"
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i and child.lemma_.lower() in ROLE_HEADS:
            tokens = _role_tokens([t for t in child.subtree if not (t.dep_ == "relcl" or t.head.dep_ == "relcl")])
            tokens = _contiguous(tokens)
            if tokens:
                return TextRole(_span_text(tokens), child.i, "text", _organization_in(tokens))
    # 3. the name is apposed to a role: "the Secretary of the Council, Nikolai Patrushev"
    if root.dep_ == "appos" and head.lemma_.lower() in ROLE_HEADS and head.i < root.i:
        tokens = [t for t in head.subtree if t.i < name.start and not _inside(t, root)]
        if _is_relative(head):  # "his Chinese counterpart, Wang Yi"
            owner = next((t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"), None)
            return _relative_role(_role_tokens([t for t in tokens if t is not owner and t.i <= head.i]),
                                  owner, head.i)
        tokens = _contiguous(_role_tokens(tokens))
        if tokens:
            return TextRole(_span_text(tokens), tokens[0].i, "text", _organization_in(tokens))
    return None


def _is_relative(head: Token) -> bool:
    return head.lemma_.lower() in RELATIVE_HEADS or head.lower_ in RELATIVE_HEADS


def _relative_role(tokens: list[Token], possessor: Token | None, position: int) -> TextRole:
    """ "his Ukrainian counterpart": qualifier "Ukrainian", made explicit once "his" is resolved."""
    return TextRole("", position, "relative", None, possessor, _span_text(tokens[:-1]))


def _heads_into(tok: Token, root: Token, name: Span) -> bool:
    """True if ``tok`` hangs (through modifiers) off the name or its title chain."""
    seen = 0
    cur = tok
    while seen < 8:
        if cur is root or name.start <= cur.i < name.end:
            return True
        if cur.head is cur or cur.head.i < tok.i:
            return False
        cur = cur.head
        seen += 1
    return False


def _inside(tok: Token, root: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The first contiguous run, stopping at a comma (an apposition's end)."""
    out: list[Token] = []
    for tok in tokens:
        if out and (tok.i != out[-1].i + 1 or tok.text == ","):
            break
        out.append(tok)
    return _role_tokens(out)


def relative_role(qualifier: str, possessor_role: str | None, demonyms: set[str]) -> str | None:
    """ "his Ukrainian counterpart" of a "Chinese Foreign Minister" -> "Ukrainian Foreign Minister"."""
    if not possessor_role:
        return None
    words = [w for w in possessor_role.split() if w.lower() not in demonyms and not w.endswith("'s")]
    base = " ".join(words).strip()
    if not base:
        return None
    return clean(f"{qualifier} {base}") if qualifier else base


def description_of(tokens: Span | list[Token]) -> str:
    """How an unnamed source is described: the mention without its determiner."""
    return _span_text(_role_tokens(list(tokens)))
