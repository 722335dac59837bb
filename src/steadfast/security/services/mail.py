"""Where the security app's emails go: the site's EMAIL_BACKEND, unless the caller holds them.

The demo invites made-up contacts of a made-up organisation: it holds those emails in memory
(`held_in_memory()`) so that loading it emails no one, whatever backend the site is configured
with. A context variable, unlike changing settings, holds them only for the code inside the block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.mail import get_connection, send_mail
from django.core.mail.backends.base import BaseEmailBackend

_held: ContextVar[BaseEmailBackend | None] = ContextVar("security_mail_held", default=None)


def send(*, subject: str, message: str, recipient: str) -> None:
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient], connection=_held.get())


@contextmanager
def held_in_memory() -> Iterator[None]:
    """Emails sent inside the block stay in memory (django.core.mail.outbox), undelivered."""
    token = _held.set(get_connection("django.core.mail.backends.locmem.EmailBackend"))
    try:
        yield
    finally:
        _held.reset(token)
