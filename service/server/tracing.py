"""W3C Trace Context: the ``traceparent`` a caller sends, read, logged and sent back.

The service starts no spans of its own (it exports no traces); it takes part in the
caller's trace by carrying its ids: the request's log lines carry ``trace_id`` and
``parent_id``, and the answer echoes the header, so a caller's tracing can join its own
span to the service's log lines. A header that is not a valid ``traceparent`` (the
version-00 format, or a later version's first four fields; ids not all zeros; version not
``ff``) is ignored, as the specification asks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HEADER = "traceparent"
_FORMAT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")


@dataclass(frozen=True)
class TraceParent:
    """A valid header's fields (lower-case hex)."""

    version: str
    trace_id: str
    parent_id: str
    flags: str

    @classmethod
    def parse(cls, value: str | None) -> "TraceParent | None":
        """The header's fields, or None where it is absent or not valid."""
        found = _FORMAT.match((value or "").strip())
        if found is None:
            return None
        version, trace_id, parent_id, flags, rest = found.groups()
        if version == "ff" or (version == "00" and rest) or set(trace_id) == {"0"} or set(parent_id) == {"0"}:
            return None
        return cls(version, trace_id, parent_id, flags)

    def header(self) -> str:
        """The header as sent on: version 00's four fields (a later version's are read as 00's)."""
        return f"00-{self.trace_id}-{self.parent_id}-{self.flags}"
