"""Telling customers about a published update: e-mail to their viewers, and signed webhooks with
retries and back-off, each attempt logged.

Signature (docs/incidents.md): header `X-Steadfast-Signature: t=<unix seconds>,v1=<hex>` where
hex = HMAC-SHA256(secret, f"{t}.{body}") over the exact body bytes sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.incidents.models import CustomerUpdate, CustomerWebhook, DeliveryStatus, WebhookDelivery
from steadfast.incidents.tasks import deliver_webhooks
from steadfast.network.models import Customer

BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2),
           dt.timedelta(hours=12))
TIMEOUT_SECONDS = 10


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def create_webhook(*, actor, customer, url: str) -> tuple[CustomerWebhook, str]:
    if not isinstance(customer, Customer):
        customer = Customer.objects.filter(ref=customer).first()
        if customer is None:
            raise ValidationError({"customer": "no such customer"})
    if not url.startswith(("https://", "http://")):
        raise ValidationError({"url": "an http(s) URL"})
    secret = "whsec_" + secrets.token_urlsafe(32)
    return crud.create(actor=actor, model=CustomerWebhook, customer=customer, url=url, secret=secret), secret


def max_consecutive_failures() -> int:
    """Failed attempts in a row (across deliveries) after which an endpoint is switched off."""
    return int(getattr(settings, "STEADFAST_INCIDENT_WEBHOOK_MAX_FAILURES", 10))


def set_webhook_active(*, actor, webhook: CustomerWebhook, active: bool, reason: str = "") -> CustomerWebhook:
    """Switch a customer's endpoint off (a reason is required) or on again (audited). While off, no
    deliveries are queued for it and its pending ones wait; switched on, those are retried at once
    and the failure count starts again from zero."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = CustomerWebhook.objects.select_for_update().get(pk=webhook.pk)
        if active == current.active:
            return current
        if not active:
            if not reason:
                raise ValidationError({"reason": "say why the endpoint is switched off"})
            return crud.update(actor=actor, instance=current, active=False, disabled_at=timezone.now(),
                               disabled_reason=reason[:300])
        current = crud.update(actor=actor, instance=current, active=True, disabled_at=None, disabled_reason="",
                              consecutive_failures=0)
        waiting = WebhookDelivery.objects.filter(webhook=current, status=DeliveryStatus.PENDING)
        if waiting.update(next_attempt_at=timezone.now()):
            transaction.on_commit(_enqueue_delivery)
        return current


def _payload(update: CustomerUpdate, customer_id: int) -> bytes:
    incident = update.incident
    networks = [a.network.ref for a in incident.affected_networks.select_related("network")
                if a.network.customer_id == customer_id]
    body = {"event": "incident.update", "incident": {"ref": incident.ref, "title": incident.title,
                                                     "status": incident.status, "severity": f"SEV{incident.severity}",
                                                     "networks": networks},
            "update": {"id": update.pk, "kind": update.kind, "conditions": update.conditions, "actions": update.actions,
                       "needs": update.needs, "summary": update.summary,
                       "published_at": update.published_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")}}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def notify_customers(*, actor, update: CustomerUpdate) -> int:
    """Queue webhook deliveries and e-mails for the customers whose networks the incident touches.
    Runs inside the publishing transaction; delivery starts after it commits."""
    customer_ids = set(update.incident.affected_networks.values_list("network__customer_id", flat=True))
    now = timezone.now()
    deliveries = [WebhookDelivery(webhook=hook, update=update, body=_payload(update, hook.customer_id).decode(),
                                  next_attempt_at=now)
                  for hook in CustomerWebhook.objects.filter(customer_id__in=customer_ids, active=True)]
    WebhookDelivery.objects.bulk_create(deliveries)
    if deliveries:
        record_events(actor=actor, events=[crud.pending_for("queue", update, {"webhooks": [None, len(deliveries)]})])
    viewers = User.objects.filter(role=Role.CUSTOMER_VIEWER, customer_id__in=customer_ids, is_active=True).exclude(email="")
    incident = update.incident
    text = "\n\n".join(part for part in (update.summary, update.conditions and f"Conditions: {update.conditions}",
                                         update.actions and f"Actions: {update.actions}",
                                         update.needs and f"What we need from you: {update.needs}") if part)
    mails = [(f"[Steadfast] {incident.ref} {incident.title}: update", text, None, [viewer.email]) for viewer in viewers]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    if deliveries:
        transaction.on_commit(_enqueue_delivery)
    return len(deliveries)


def _enqueue_delivery() -> None:
    deliver_webhooks.enqueue()


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (customer-given http(s) URL)
        return response.status


def deliver_due(*, now: dt.datetime | None = None, post=_post) -> dict[str, int]:
    """Attempt every pending delivery of an active endpoint that is due; back off on failure; give up
    after the last step; switch an endpoint off after too many failed attempts in a row."""
    now = now or timezone.now()
    counts = {"delivered": 0, "retrying": 0, "failed": 0, "switched_off": 0}
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now,
                                         webhook__active=True).select_related("webhook").order_by("next_attempt_at", "id")
    switched_off: set[int] = set()
    for delivery in due:
        if delivery.webhook_id in switched_off:
            continue
        body = delivery.body.encode()
        stamp = int(now.timestamp())
        headers = {"Content-Type": "application/json", "User-Agent": "Steadfast-Webhooks/1",
                   "X-Steadfast-Delivery": str(delivery.pk),
                   "X-Steadfast-Signature": signature_header(delivery.webhook.secret, stamp, body)}
        code, error = None, ""
        try:
            code = post(delivery.webhook.url, body, headers)
        except urllib.error.HTTPError as exc:
            code, error = exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            error = str(getattr(exc, "reason", exc))[:500]
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = code, error
        delivery.log = [*delivery.log, {"at": now.isoformat(), "status": code, "error": error}]
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
            counts["delivered"] += 1
        elif delivery.attempts > len(BACKOFF):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            counts["failed"] += 1
        else:
            delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
            counts["retrying"] += 1
        with transaction.atomic():
            delivery.save()
            if _count_attempt(delivery.webhook_id, ok=delivery.status == DeliveryStatus.DELIVERED, error=error, now=now):
                switched_off.add(delivery.webhook_id)
                counts["switched_off"] += 1
    return counts


def _count_attempt(webhook_id: int, *, ok: bool, error: str, now: dt.datetime) -> bool:
    """Keep the endpoint's run of failures; switch it off (audited, with the reason) when the run
    reaches the limit. Returns whether it was switched off now."""
    webhook = CustomerWebhook.objects.select_for_update().get(pk=webhook_id)
    if ok:
        if webhook.consecutive_failures:
            CustomerWebhook.objects.filter(pk=webhook_id).update(consecutive_failures=0)
        return False
    failures = webhook.consecutive_failures + 1
    limit = max_consecutive_failures()
    if failures < limit or not webhook.active:
        CustomerWebhook.objects.filter(pk=webhook_id).update(consecutive_failures=failures)
        return False
    reason = f"switched off automatically after {failures} failed attempts in a row (last: {error or 'no answer'})"
    crud.update(actor=None, instance=webhook, active=False, disabled_at=now, disabled_reason=reason[:300],
                consecutive_failures=failures)
    return True
