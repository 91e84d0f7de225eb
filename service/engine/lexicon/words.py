"""The English word lists the rules read (``data/english.yaml``), overridable per component.

A user file replaces whole lists by key, so a deployment can adapt, say, the role nouns or
the honorifics without copying the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nameparser.config import CONSTANTS

from .datafiles import DataFileError, builtin, load_yaml


@dataclass(frozen=True)
class Words:
    """Word lists by what they mark; every set holds lower-case words or lemmas."""

    person_heads: frozenset[str]
    organization_heads: frozenset[str]
    anonymous_heads: frozenset[str]
    affiliation_heads: frozenset[str]
    country_descriptions: frozenset[str]
    relative_heads: frozenset[str]
    honorifics: frozenset[str]
    neutral_modifiers: frozenset[str]
    generic_heads: frozenset[str]
    spokes: frozenset[str]
    indefinite_determiners: frozenset[str]
    group_quantifiers: frozenset[str]
    indefinite_articles: frozenset[str]
    floating_quantifiers: frozenset[str]
    courtesy_titles: frozenset[str]
    male_titles: frozenset[str]
    female_titles: frozenset[str]
    relative_pronouns: frozenset[str]
    personal_relative_pronouns: frozenset[str]
    speech_pronouns: frozenset[str]
    author_pronouns: frozenset[str]
    subject_pronouns: frozenset[str]
    demonstratives: frozenset[str]
    expletives: frozenset[str]
    leading_skip: frozenset[str]
    credit_markers: frozenset[str]
    pronouns: dict[str, dict[str, str]]
    organization_types: dict[str, frozenset[str]]  # a word of an organisation's name -> what it is
    role_synonyms: dict[str, frozenset[str]]  # a role noun -> the role nouns of the same post
    party_initials: dict[str, frozenset[str]]  # "r" -> the words for a member of that party
    data: dict = field(default_factory=dict, repr=False, compare=False)  # as loaded, for to_disk

    @property
    def role_heads(self) -> frozenset[str]:
        return self.person_heads | self.organization_heads

    @property
    def party_words(self) -> frozenset[str]:
        """Words for a member of a party: "republican", "democrat", ..."""
        return frozenset(w for words in self.party_initials.values() for w in words)

    def is_title(self, word: str) -> bool:
        """A title written before a name: ours, or an abbreviated one of nameparser's
        (``Sen.``, ``Gov.``, ``Adm.``; its full words include "official" and "television",
        which before a name are more often description than title)."""
        word = word.lower()
        return word in self.honorifics or (word.endswith(".") and word[:-1] in CONSTANTS.titles)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Words":
        """The built-in lists, with the lists in ``path`` (a mapping of list name to words)
        replacing theirs."""
        data: dict[str, Any] = dict(builtin("english.yaml"))
        if path:
            user = load_yaml(path)
            if not isinstance(user, dict):
                raise DataFileError(f"{path}: expected a mapping of word lists")
            data.update(user)
        return cls.from_data(data, str(path or ""))

    @classmethod
    def from_data(cls, data: dict[str, Any], label: str = "") -> "Words":
        names = [f.name for f in fields(cls) if f.name != "data"]
        unknown = set(data) - set(names)
        if unknown:
            raise DataFileError(f"{label or 'english.yaml'}: unknown word lists {sorted(unknown)}")
        try:
            values: dict[str, Any] = {name: frozenset(str(w).lower() for w in data[name]) for name in names
                                      if name not in ("pronouns", "organization_types", "role_synonyms",
                                                      "party_initials")}
            synonyms: dict[str, frozenset[str]] = {}
            for group in data["role_synonyms"]:
                same = frozenset(str(w).lower() for w in group)
                for word in same:
                    synonyms[word] = synonyms.get(word, frozenset()) | same
            values["role_synonyms"] = synonyms
            values["pronouns"] = dict(data["pronouns"])
            values["party_initials"] = {str(k).lower(): frozenset(str(w).lower() for w in v)
                                        for k, v in data["party_initials"].items()}
            types: dict[str, frozenset[str]] = {}
            for group in data["organization_types"]:
                for word in group["names"]:
                    types[str(word).lower()] = types.get(str(word).lower(), frozenset()) | frozenset(
                        str(d).lower() for d in group["descriptions"])
            values["organization_types"] = types
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"word lists {label or 'english.yaml'} are malformed: {exc}") from exc
        return cls(**values, data=data)
