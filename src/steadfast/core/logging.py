"""Logging filters (settings.LOGGING)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class OneLineForbidden(logging.Filter):
    """A refused request (403) is routine — a role without the right, a stale link — not a fault: log
    one line naming the path and the user, never the traceback Django attaches to PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None or isinstance(exc, PermissionDenied):
            record.exc_info, record.exc_text = None, None
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
            reason = f" ({exc})" if exc is not None and str(exc) else ""
            record.msg, record.args = "Forbidden: %s %s for %s%s", (
                getattr(request, "method", "?"), getattr(request, "path", "?"), who, reason)
        return True
