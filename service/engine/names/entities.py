"""What the name registry links mentions to: an entity (a person, an organisation or a group
the article names) and each mention of it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .entry import Entry
from .forms import NameForm


@dataclass(eq=False)
class Entity:
    """A person, organisation or group the article names."""

    name: str
    kind: str  # person | organization | group
    entry: Entry | None = None
    gender: str | None = None
    forms: list[NameForm] = field(default_factory=list)
    mentions: list["NameMention"] = field(default_factory=list)
    members: tuple["Entity", ...] = ()

    def add_form(self, form: NameForm) -> None:
        if form not in self.forms:
            self.forms.append(form)
        fullest = max(self.forms, key=lambda f: f.size)  # first of the fullest
        if self.entry is None and self.kind == "person" and fullest.size > len(self.name.split()):
            self.name = fullest.text

    @property
    def surnames(self) -> set[str]:
        return {f.last for f in self.forms}

    @property
    def given_names(self) -> set[str]:
        return {f.first for f in self.forms if f.first}


@dataclass(eq=False)
class NameMention:
    """Tokens ``start``..``end`` (exclusive) name ``entity``."""

    entity: Entity
    start: int
    end: int
    sent: int  # sentence number
    is_subject: bool
    explicit: bool  # the words contain the canonical name (else a surname, variant or alias)
    described: bool = False  # a description that refers to the entity ("the president"), not a name
