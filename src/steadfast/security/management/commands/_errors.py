from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def command_error(exc: ValidationError) -> CommandError:
    """A service's ValidationError as one readable line per message, never a traceback."""
    if hasattr(exc, "message_dict"):
        lines = [message if field in ("__all__", "file") else f"{field}: {message}"
                 for field, messages in exc.message_dict.items() for message in messages]
    else:
        lines = list(exc.messages)
    return CommandError("\n".join(lines))
