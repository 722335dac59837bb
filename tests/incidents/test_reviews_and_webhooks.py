"""Post-incident reviews and reminders; customer e-mail and signed webhooks with retries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from steadfast.incidents import services
from steadfast.incidents.models import WebhookDelivery

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_review_opens_at_resolution_with_a_due_date_and_reminds(make_incident, manager,
                                                               django_capture_on_commit_callbacks):
    incident = make_incident(resolved=T0 + dt.timedelta(hours=3))
    review = incident.review
    assert review.due_at == T0 + dt.timedelta(hours=3, days=10)
    with pytest.raises(ValidationError) as error:
        services.complete_review(actor=manager, review=review)
    assert "timeline_summary" in error.value.message_dict
    manager.email = "imogen@example.com"
    manager.save()
    services.assign_role(actor=manager, incident=incident, role="commander", person=manager, at=T0 + dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_review_reminders(now=review.due_at + dt.timedelta(days=1))
    assert sent == 1 and "overdue" in mail.outbox[-1].subject and mail.outbox[-1].to == ["imogen@example.com"]
    assert services.send_review_reminders(now=review.due_at + dt.timedelta(days=1, hours=2)) == 0  # once a day
    action = services.add_review_action(actor=manager, review=review, title="Canary every core upgrade", owner=manager,
                                        due_date=dt.date(2026, 5, 1))
    services.close_review_action(actor=manager, action=action, note="in the upgrade procedure since v3")
    action.refresh_from_db()
    assert action.closed_at is not None


class _Receiver(http.server.BaseHTTPRequestHandler):
    replies: list[int] = []
    received: list[tuple[dict, bytes]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).replies.pop(0) if type(self).replies else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.replies, _Receiver.received = [500], []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/steadfast", _Receiver
    server.shutdown()


def test_signed_webhook_retries_with_backoff_and_verifies_independently(make_incident, manager, networks, receiver,
                                                                         make_user, django_capture_on_commit_callbacks):
    url, handler = receiver
    make_user("customer_viewer", customer=networks["us"].customer).__class__.objects.filter(
        role="customer_viewer").update(email="noc@atlantic.example")
    _, secret = services.create_webhook(actor=manager, customer=networks["us"].customer, url=url)
    incident = make_incident(shares={"us": 0.3, "de": 0.1})
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_update(actor=manager, incident=incident, conditions="Core down", actions="Rolling back")
    assert mail.outbox[-1].to == ["noc@atlantic.example"] and "Rolling back" in mail.outbox[-1].body
    delivery = WebhookDelivery.objects.get()
    now = delivery.next_attempt_at
    assert services.deliver_due(now=now) == {"delivered": 0, "retrying": 1, "failed": 0, "switched_off": 0}  # the receiver answers 500
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + dt.timedelta(minutes=1) and delivery.log[0]["status"] == 500
    assert services.deliver_due(now=now + dt.timedelta(seconds=30)) == {"delivered": 0, "retrying": 0, "failed": 0, "switched_off": 0}
    assert services.deliver_due(now=now + dt.timedelta(minutes=1)) == {"delivered": 1, "retrying": 0, "failed": 0, "switched_off": 0}
    headers, body = handler.received[-1]
    # the customer's side, written without Steadfast's code
    stamp, given = (part.split("=", 1)[1] for part in headers["X-Steadfast-Signature"].split(","))
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(given, expected)
    tampered = hmac.new(secret.encode(), stamp.encode() + b"." + body.replace(b"Core", b"Edge"), hashlib.sha256).hexdigest()
    assert tampered != given
    payload = json.loads(body)
    assert payload["incident"]["networks"] == ["NET-US-1"]  # never another customer's network
    assert payload["update"]["actions"] == "Rolling back"
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2


def test_webhook_gives_up_after_the_last_backoff(make_incident, manager, networks):
    services.create_webhook(actor=manager, customer=networks["us"].customer, url="http://127.0.0.1:9/unreachable")
    incident = make_incident()
    services.publish_update(actor=manager, incident=incident, conditions="Core down", actions="Rolling back")
    now = WebhookDelivery.objects.get().next_attempt_at
    for _ in range(6):
        now += dt.timedelta(hours=13)
        services.deliver_due(now=now, post=lambda *a: (_ for _ in ()).throw(OSError("connection refused")))
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 6 and len(delivery.log) == 6
