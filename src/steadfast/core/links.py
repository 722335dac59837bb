"""Absolute links for e-mails and other messages read outside the browser.

One rule, used by every sender: `STEADFAST_BASE_URL` when set (production behind a proxy: the
public address); otherwise the address this installation serves on, `http://<HOST>:<PORT>`, read
from the environment at send time, so that `PORT=18800 make demo` mails links to port 18800 (the
web server and the job worker are started with the same environment).
"""

from __future__ import annotations

import os

from django.conf import settings

# Addresses a server binds to that a reader cannot type into a browser.
_WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}


def base_url() -> str:
    """The scheme, host and port of links, without a trailing slash."""
    configured = (getattr(settings, "STEADFAST_BASE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    host = os.environ.get("HOST", "").strip()
    host = "127.0.0.1" if host in _WILDCARD_HOSTS else host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = os.environ.get("PORT", "").strip() or "8000"
    return f"http://{host}:{port}"


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` or `get_absolute_url()` gives it) as a link a reader can follow."""
    return base_url() + (path if path.startswith("/") else "/" + path)
