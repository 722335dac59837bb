"""/incident-webhooks: customers' endpoints for published updates, and their delivery logs."""

from __future__ import annotations

from ninja import Status

from steadfast.core.api.auth import policy
from steadfast.incidents import selectors, services
from steadfast.incidents.api.base import router
from steadfast.incidents.api.schemas import DeliveryOut, WebhookCreated, WebhookIn, WebhookOut

CONFIG_VIEW = policy("incidents.config", "view")
CONFIG_CHANGE = policy("incidents.config", "change")


@router.get("/incident-webhooks", response=list[WebhookOut], auth=CONFIG_VIEW)
def list_webhooks(request):
    return list(selectors.webhooks(user=request.user).order_by("customer__ref", "url")[:500])


@router.post("/incident-webhooks", response={201: WebhookCreated}, auth=CONFIG_CHANGE)
def create_webhook(request, body: WebhookIn):
    webhook, secret = services.create_webhook(actor=request.user, customer=body.customer, url=body.url)
    return Status(201, {"id": webhook.pk, "customer": webhook.customer.ref, "url": webhook.url, "active": webhook.active,
                        "secret": secret})


@router.get("/incident-webhooks/{webhook_id}/deliveries", response=list[DeliveryOut], auth=CONFIG_VIEW)
def list_deliveries(request, webhook_id: int):
    webhook = selectors.webhook(user=request.user, webhook_id=webhook_id)
    return list(selectors.deliveries(user=request.user, webhook=webhook)[:200])
