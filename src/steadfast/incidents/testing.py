"""Sample objects for the role × route matrix (tests/test_route_matrix.py): an incident on a
network the user may see (for a customer viewer, one of its own), or with foreign=True one on
another customer's network."""

from __future__ import annotations

import datetime as dt

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.incidents.models import AlertSource, CustomerWebhook, Incident
from steadfast.incidents.services import (
    add_review_action,
    add_task,
    create_alert_source,
    create_incident,
    create_webhook,
)
from steadfast.network.testing import sample_chain

KWARGS = ("incident_id", "obligation_id", "task_id", "action_id", "webhook_id", "alert_source_id")


def sample_incident(tag: str, *, customer=None):
    network = sample_chain(tag, customer=customer)["network_id"]
    incident = Incident.objects.filter(affected_networks__network=network).first()
    if incident is None:
        start = dt.datetime(2026, 1, 5, 6, 0, tzinfo=dt.UTC)
        incident = create_incident(actor=None, title=f"{tag} outage", kind="outage", personal_data=True,
                                   networks=[{"network": network, "share": 0.5}], impact_started=start,
                                   detected=start + dt.timedelta(minutes=4), resolved=start + dt.timedelta(hours=2))
        add_task(actor=None, incident=incident, title="Call the customer's NOC")
        responder, _ = User.objects.get_or_create(username="matrix-responder", defaults={"role": Role.INCIDENT_MANAGER})
        add_review_action(actor=None, review=incident.review, title="Canary core upgrades", owner=responder,
                          due_date=dt.date(2026, 3, 1))
    return incident


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    scoped = user.role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
    if kwarg in ("webhook_id", "alert_source_id") and foreign:
        return None  # webhooks and alert tokens are configuration: a role sees all of them or none
    if kwarg == "alert_source_id":
        return (AlertSource.objects.filter(name="Matrix monitoring").first()
                or create_alert_source(actor=None, name="Matrix monitoring")[0]).pk
    if foreign and not scoped:
        return None
    if foreign:
        incident = sample_incident("FOREIGN")
    elif user.role == Role.CUSTOMER_VIEWER:
        incident = sample_incident(f"C{user.customer_id}", customer=user.customer)
    else:
        incident = sample_incident("MATRIX")
    if kwarg == "webhook_id":
        return sample_webhook().pk
    if kwarg == "action_id":
        return incident.review.actions.first().pk
    if kwarg == "obligation_id":
        return incident.obligations.order_by("code").first().pk
    if kwarg == "task_id":
        return incident.tasks.first().pk
    return incident.pk


def sample_webhook():
    customer = sample_chain("MATRIX")["customer_id"]
    return (CustomerWebhook.objects.filter(customer=customer).first()
            or create_webhook(actor=None, customer=customer, url="https://hooks.example.net/steadfast")[0])
