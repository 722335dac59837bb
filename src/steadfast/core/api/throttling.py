"""API rate limits: django-ninja's throttling, per API token and per client address.

Rates come from settings (STEADFAST_API_RATE_PER_TOKEN / _PER_ADDRESS, docs/operations.md) and
are read on each request; counts live in the "throttle" cache. Ninja checks throttles after
authentication, so a request without valid credentials is a 401 and is not counted by these.
Bad bearer tokens are counted apart, per address (BadTokenThrottle, STEADFAST_API_BAD_TOKEN_RATE):
past that many unknown, revoked or expired tokens in the window, every bearer request from the
address is answered 429 until the oldest failure leaves the window (tokens are random 256-bit
secrets, so this is not about guessing one: it stops a leaked-token replay or a scanner from
hammering the token lookup and the logs). Past a limit ninja raises Throttled, which the API answers
as a 429 problem+json with Retry-After (whole seconds).
"""

from __future__ import annotations

import hashlib
import math
import threading

from django.conf import settings
from django.core.cache import caches
from ninja.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    setting: str  # the name of the setting holding the rate ("1200/min") or None for no limit

    def __init__(self):
        # Not SimpleRateThrottle.__init__: the rate is read per request (settings may change it).
        # One instance serves every thread of a process, so the per-request state is thread-local.
        self._state = threading.local()

    # SimpleRateThrottle keeps key/history/now on the instance between allow_request() and wait().
    key = property(lambda self: self._state.key, lambda self, value: setattr(self._state, "key", value))
    history = property(lambda self: self._state.history, lambda self, value: setattr(self._state, "history", value))
    now = property(lambda self: self._state.now, lambda self, value: setattr(self._state, "now", value))

    @property
    def cache(self):
        return caches["throttle"]

    def allow_request(self, request) -> bool:
        rate = getattr(settings, self.setting)
        if rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def wait(self) -> float:
        """Seconds until the oldest counted request leaves the window (so one more is allowed)."""
        oldest = self.history[self.num_requests - 1] if len(self.history) >= self.num_requests else self.now
        return max(1.0, math.ceil(self.duration - (self.now - oldest)))


class PerTokenThrottle(_SettingsRateThrottle):
    """Counts each API token separately; a signed-in browser session counts as its account."""

    setting = "STEADFAST_API_RATE_PER_TOKEN"
    scope = "token"

    def get_cache_key(self, request) -> str | None:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            ident = "bearer-" + hashlib.sha256(header[7:].strip().encode()).hexdigest()
        elif getattr(request, "auth", None) is not None:
            ident = f"account-{request.auth.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddressThrottle(_SettingsRateThrottle):
    """Counts each client address (see client_address)."""

    setting = "STEADFAST_API_RATE_PER_ADDRESS"
    scope = "address"

    def get_cache_key(self, request) -> str | None:
        ident = client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None


def client_address(request) -> str:
    """The socket's address, or with STEADFAST_TRUSTED_PROXIES = n > 0 the n-th address from the
    right of X-Forwarded-For (the one the outermost trusted proxy saw; ninja's rule, read per request)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.STEADFAST_TRUSTED_PROXIES
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if proxies <= 0 or not hops:
        return remote
    return hops[-min(proxies, len(hops))]


class BadTokenThrottle(_SettingsRateThrottle):
    """Counts bearer tokens that did not authenticate, per client address. Not one of ninja's
    throttles (they run after authentication): PolicyAuth asks `refusal` before looking a token up
    and calls `record_failure` when the lookup finds nothing usable."""

    setting = "STEADFAST_API_BAD_TOKEN_RATE"
    scope = "badtoken"

    def get_cache_key(self, request) -> str | None:
        ident = client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None

    def _load(self, request) -> bool:
        rate = getattr(settings, self.setting)
        self.key = self.get_cache_key(request) if rate is not None else None
        if self.key is None:
            return False
        self.num_requests, self.duration = self.parse_rate(rate)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return True

    def refusal(self, request) -> float | None:
        """Seconds to wait when this address has used up its failures, else None."""
        if not self._load(request) or len(self.history) < self.num_requests:
            return None
        return self.wait()

    def record_failure(self, request) -> None:
        if self._load(request):
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history[: self.num_requests], self.duration)


BAD_TOKENS = BadTokenThrottle()


class AlertSourceThrottle(PerTokenThrottle):
    """The alert endpoints' own allowance per token: a monitoring system in an alarm storm sends far
    more than a person's client (10,000 a minute is the design load), and its token opens nothing
    else, so a high limit there lends no reach elsewhere."""

    setting = "STEADFAST_ALERT_RATE_PER_TOKEN"
    scope = "alerts-token"


class AlertAddressThrottle(PerAddressThrottle):
    """The alert endpoints' own allowance per client address (counted apart from the API's)."""

    setting = "STEADFAST_ALERT_RATE_PER_ADDRESS"
    scope = "alerts-address"


def api_throttles() -> list[SimpleRateThrottle]:
    return [PerTokenThrottle(), PerAddressThrottle()]


def alert_throttles() -> list[SimpleRateThrottle]:
    """Instead of api_throttles() on POST /alerts and /alerts/batch."""
    return [AlertSourceThrottle(), AlertAddressThrottle()]
