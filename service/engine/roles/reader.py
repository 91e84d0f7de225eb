"""Roles and titles as the article words them, read at a name mention.

The constructions that carry a role next to a name: a title written before it
("Kremlin spokesman Dmitry Peskov"), an apposition after it ("Alexander Gabuev,
director of the Carnegie Russia Eurasia Center"), the name apposed to a role ("the
Secretary of the Russian Security Council, Nikolai Patrushev"), a name inside a
descriptive noun phrase ("the official Xinhua news agency"), and a copula ("Smith is
the mayor of Springfield", "Smith, who is the mayor"). "his Ukrainian counterpart
Dmitro Kuleba" is a relative role, made explicit from the possessor's own role.

A role never reaches across a line (a caption, a dateline or a byline stands on a
line of its own) and stops at a photo credit or a byline.

The text of a role (a label) is ``labels``'s.
"""
from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from ..lexicon.words import Words
from ..sources.mentions import appositions
from ..text.sentences import sentence
from .labels import TextRole, organization_in, relative, span_text, trim

_PREMODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod", "punct", "nummod"}
_MAX_ROLE_WORDS = 16


class RoleReader:
    """Reads the role stated at a name mention, with the lexicon's role words."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def at_name(self, name: Span, kind: str) -> TextRole | None:
        """The role stated at this name mention of a ``kind`` entity, if any."""
        readers = [self._premodifier, self._apposition, self._apposed_to_role, self._copula]
        if kind == "organization":
            readers.insert(0, self._descriptive_head)
        for read in readers:
            role = read(name, kind)
            if role is not None:
                return role
        return None

    def described_at_name(self, name: Span, kind: str) -> list[str]:
        """Everything this mention says the entity is, for matching a later description: the
        role of every construction (not only the one reported), any apposition ("Adam Cole,
        Democrat of California,") and a place after the name ("Senator Mara Lindqvist of Oregon"
        is "the Oregon senator")."""
        found = [read(name, kind) for read in (self._premodifier, self._apposed_to_role, self._copula)]
        texts = [r.text for r in found if r is not None and r.source != "relative"]
        for child in appositions(name.root):
            texts.append(span_text(self._contiguous([t for t in islice(child.subtree, _MAX_ROLE_WORDS * 4)
                                                     if t.dep_ != "relcl" and t.head.dep_ != "relcl"])))
        for child in name.root.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == name.end:
                texts += [span_text(list(g.subtree)) for g in child.children
                          if g.dep_ == "pobj" and g.ent_type_ == "GPE"]
        return texts

    def _role_head(self, tok: Token, kind: str) -> bool:
        """A noun that can head a role: a role noun of the lexicon, or, for a person, any
        singular common noun ("Jonas Brandt, an oncologist", "registered nurse Jane Doe")."""
        if tok.lemma_.lower() in self.words.role_heads:
            return True
        return kind == "person" and tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.is_lower

    # -- one function per construction ------------------------------------------------
    def _descriptive_head(self, name: Span, kind: str) -> TextRole | None:
        """ "the official Xinhua news agency": an organisation's name modifies what it is (a
        person's name modifying a role, "Okafor campaign manager", is someone else's role)."""
        root, head = name.root, name.root.head
        if root.dep_ == "compound" and head.i > root.i and head.lemma_.lower() in self.words.organization_heads:
            between = name.doc[name.end:head.i]
            if any(self._credit(t) or (t.is_punct and t.text != "-") or "\n" in t.text_with_ws for t in between):
                return None  # "Beijing © RUSSIAN FOREIGN MINISTRY": a credit, not what Beijing is
            tokens = self._trim([t for t in name.doc[head.left_edge.i:head.i + 1]
                                 if not (name.start <= t.i < name.end)])
            if tokens:
                return TextRole(span_text(tokens), tokens[0].i, "text")
        return None

    def _premodifier(self, name: Span, kind: str) -> TextRole | None:
        """A title before the name: "Kremlin spokesman Dmitry Peskov", "his Chinese counterpart Wang Yi"."""
        doc, root = name.doc, name.root
        pre: list[Token] = []
        i = name.start - 1
        possessor = None
        first = sentence(root).start
        while i >= first and "\n" not in doc[i].text_with_ws:
            tok = doc[i]
            if tok.dep_ == "poss" and tok.pos_ == "PRON":
                possessor = tok
                break
            governor = _title_governor(tok)
            if governor is not None and _heads_into(governor, root, name):
                # "Former Secretary of State Ines Delgado": the title's "of" phrase and its noun
                pre[:0] = list(doc[governor.i:i + 1])
                i = governor.i - 1
                continue
            if _title_over_name(tok, root, name):  # "Sen. Tomas Okafor (R-Ga.)" parsed as "Sen." + appos
                pre.insert(0, tok)
                i -= 1
                continue
            if tok.dep_ not in _PREMODIFIER_DEPS and not (tok.dep_ == "case" and pre):
                break
            if not _heads_into(tok, root, name) or self._credit(tok):
                break
            if tok.is_punct and tok.text not in ("-", "’", "'"):
                break
            pre.insert(0, tok)
            i -= 1
        pre = self._trim(pre)
        if not pre:
            return None
        if self._is_relative(pre[-1]):
            return relative(pre, possessor, name.start)
        head = next((t for t in reversed(pre) if not pre[0].i <= t.head.i <= pre[-1].i), pre[-1])
        if head.pos_ in ("NOUN", "PROPN") and (self._role_head(head, kind) or head.lower_ in self.words.honorifics) \
                and head.lower_ not in self.words.courtesy_titles:
            return TextRole(span_text(pre), pre[0].i, "text", organization_in(pre))
        return None

    def _apposition(self, name: Span, kind: str) -> TextRole | None:
        """After the name: "Alexander Gabuev, director of the ... Center,"."""
        for child in appositions(name.root):
            if self._role_head(child, kind) or _one_of(child):
                tokens = [t for t in islice(child.subtree, _MAX_ROLE_WORDS * 4)
                          if not (t.dep_ == "relcl" or t.head.dep_ == "relcl")]
                tokens = self._contiguous(tokens)
                if tokens:
                    return TextRole(span_text(tokens), child.i, "text", organization_in(tokens))
        return None

    def _apposed_to_role(self, name: Span, kind: str) -> TextRole | None:
        """ "the Secretary of the Council, Nikolai Patrushev": the name apposed to a role."""
        root, head = name.root, name.root.head
        if not (root.dep_ == "appos" and self._role_head(head, kind) and head.i < root.i):
            return None
        tokens = [t for t in head.subtree if t.i < name.start and not _inside(t, root)]
        if self._is_relative(head):  # "his Chinese counterpart, Wang Yi"
            owner = next((t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"), None)
            return relative(self._trim([t for t in tokens if t is not owner and t.i <= head.i]), owner, head.i)
        tokens = self._contiguous(self._trim(tokens))
        if tokens:
            return TextRole(span_text(tokens), tokens[0].i, "text", organization_in(tokens))
        return None

    def _copula(self, name: Span, kind: str) -> TextRole | None:
        """ "Smith is the mayor of Springfield", "Smith, who is the mayor, ...": a role noun
        predicated of the name."""
        root = name.root
        if root.dep_ in ("nsubj", "nsubjpass"):
            return self.predicated(root, kind)
        for child in root.children:
            if child.dep_ == "relcl" and child.lemma_ == "be":
                relative = next((c for c in child.children if c.dep_ == "nsubj"
                                 and c.lower_ in self.words.relative_pronouns), None)
                if relative is not None:
                    return self.predicated(relative, kind)
        return None

    def predicated(self, subject: Token, kind: str) -> TextRole | None:
        """The role a copula says the subject has: "He is the senior Republican on the
        panel" (the caller knows who "he" is)."""
        verb = subject.head
        if verb.lemma_ != "be" or any(c.dep_ == "neg" for c in verb.children):
            return None
        for attr in verb.children:
            if attr.dep_ == "attr" and attr.i > verb.i and (self._role_head(attr, kind) or _described_name(attr)
                                                            or _one_of(attr)):
                tokens = self._contiguous([t for t in islice(attr.subtree, _MAX_ROLE_WORDS * 4)
                                           if t.dep_ != "relcl" and t.head.dep_ != "relcl"])
                if tokens:
                    return TextRole(span_text(tokens), attr.i, "text", organization_in(tokens))
        return None

    # -- helpers ---------------------------------------------------------------------
    def _is_relative(self, head: Token) -> bool:
        return head.lemma_.lower() in self.words.relative_heads or head.lower_ in self.words.relative_heads

    def _credit(self, tok: Token) -> bool:
        return tok.lower_ in self.words.credit_markers or tok.text in self.words.credit_markers

    def _trim(self, tokens: list[Token]) -> list[Token]:
        return trim(tokens, self.words)

    def _contiguous(self, tokens: list[Token]) -> list[Token]:
        """The first contiguous run of one line, stopping at a comma (an apposition's end), a
        credit or a byline, and at a bounded length."""
        out: list[Token] = []
        for tok in tokens:
            if out and (tok.i != out[-1].i + 1 or tok.text == "," or "\n" in out[-1].text_with_ws):
                break
            if self._credit(tok) or len(out) >= _MAX_ROLE_WORDS:
                break
            out.append(tok)
        return self._trim(out)


def _one_of(tok: Token) -> bool:
    """ "one of the most famous interviewers in television history": one of a kind of people."""
    return tok.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ == "of" and
                                       any(g.tag_ == "NNS" for g in c.children) for c in tok.children)


def _described_name(tok: Token) -> bool:
    """ "the ranking Democrat", "a Republican": a capitalised noun with an article, which says
    what someone is rather than naming them."""
    return tok.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in tok.children)


def _title_governor(tok: Token) -> Token | None:
    """For the capitalised object of "of"/"for" in a title ("State" of "Secretary of
    State"), the title noun it belongs to."""
    if tok.dep_ != "pobj" or not (tok.is_title or tok.is_upper):
        return None
    prep = tok.head
    governor = prep.head
    if prep.lower_ in ("of", "for") and governor.i < prep.i and (governor.is_title or governor.is_upper):
        return governor
    return None


def _heads_into(tok: Token, root: Token, name: Span) -> bool:
    """True if ``tok`` hangs (through modifiers) off the name or its title chain."""
    cur = tok
    for _ in range(8):
        if cur is root or name.start <= cur.i < name.end:
            return True
        if cur.head.i == cur.i or cur.head.i < tok.i:
            return False
        cur = cur.head
    return False


def _title_over_name(tok: Token, root: Token, name: Span) -> bool:
    """True for a capitalised word directly before the name that the parser made the name's
    head, with the name as its apposition though no comma sets it off: a title read as the
    noun ("Sen." of "Sen. Tomas Okafor"). A common noun so read ("his counterpart Dmitro
    Kuleba") is the apposed-role construction's."""
    return tok.i == name.start - 1 and root.dep_ == "appos" and root.head.i == tok.i and tok.is_title


def _inside(tok: Token, root: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i


