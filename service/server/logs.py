"""Structured logs: one JSON object per line, the app's and gunicorn's alike.

Every line has ``time`` (ISO 8601 in UTC with its zone, to the millisecond), ``level``,
``logger`` and ``message``, then the record's ``extra`` fields. A line logged while a request
is handled carries that request's ``request_id`` and, where the client sent a W3C
``traceparent``, its ``trace_id`` (``service.server.tracing``), so one request's lines can be
found together and joined to the caller's trace. gunicorn's own lines (workers booting,
timeouts, signals) read the same: gunicorn.conf.py names ``GunicornLogger`` its logger class.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

from flask import g, has_request_context
from gunicorn.glogging import Logger

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record and its ``extra`` fields as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
        out = {"time": when, "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        out.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


class RequestFields(logging.Filter):
    """Adds the current request's id and trace id to a record that does not name them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            for name in ("request_id", "trace_id"):
                if not hasattr(record, name) and g.get(name):
                    setattr(record, name, g.get(name))
        return True


def configure(level: str) -> None:
    """The ``service`` logger: JSON lines on stderr, at ``level``."""
    logger = logging.getLogger("service")
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestFields())
        logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


class GunicornLogger(Logger):
    """gunicorn's logger, its handlers writing JSON lines. Not ``logconfig_dict``: with one,
    gunicorn builds an access-log record for every request, which the app logs already."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(JsonFormatter())
