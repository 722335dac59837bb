"""Incident services: the status path, computed figures, timeline and audit, optimistic locking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from steadfast.core.models import AuditEvent
from steadfast.incidents import services
from steadfast.incidents.models import Incident, TimelineEntry

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_subscribers_and_user_minutes_are_computed_from_networks_and_times(make_incident):
    incident = make_incident(shares={"us": 0.25, "de": 0.1}, resolved=T0 + dt.timedelta(hours=2))
    assert incident.subscribers_affected == 500_000 + 1_000_000
    assert incident.user_minutes == 1_500_000 * 120
    assert incident.severity == 1  # 1.5 M subscribers (4) + unknown impact (4) + 2 h (3)
    assert incident.status == "resolved" and incident.ref.startswith("INC-2026-")


def test_status_path_is_enforced_with_a_clear_error(make_incident, manager):
    incident = make_incident()
    with pytest.raises(ValidationError) as error:
        services.transition(actor=manager, incident=incident, to="resolved")
    assert "can move to investigating, not to 'resolved'" in str(error.value.message_dict["status"])
    incident.refresh_from_db()
    assert incident.status == "declared"
    for step in ("investigating", "mitigated", "resolved"):
        incident = services.transition(actor=manager, incident=incident, to=step)
    with pytest.raises(ValidationError) as error:
        services.transition(actor=manager, incident=incident, to="closed")
    assert "post-incident review" in str(error.value.message_dict["status"])
    review = incident.review
    services.update_review(actor=manager, review=review, timeline_summary="Upgrade broke attach",
                           contributing_factors="No canary in the upgrade plan")
    services.complete_review(actor=manager, review=review)
    incident = services.transition(actor=manager, incident=incident, to="closed")
    assert incident.closed_at is not None
    kinds = list(TimelineEntry.objects.filter(incident=incident, kind="status_change").values_list("data__to", flat=True))
    assert kinds[-4:] == ["investigating", "mitigated", "resolved", "closed"]
    assert AuditEvent.objects.filter(object_type="incidents.incident", object_id=str(incident.pk), verb="update").count() >= 4


def test_resolution_before_detection_and_future_times_are_refused(make_incident, manager):
    with pytest.raises(ValidationError) as error:
        make_incident(detected=T0 + dt.timedelta(hours=1), resolved=T0 + dt.timedelta(minutes=30))
    assert "resolved" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_incident(start=T0 + dt.timedelta(minutes=10), detected=T0)
    assert "detected" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_incident(start=dt.datetime(2099, 1, 1, tzinfo=dt.UTC), detected=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    assert "impact_started" in error.value.message_dict
    assert not Incident.objects.exists()


def test_share_outside_zero_one_names_the_row(make_incident):
    with pytest.raises(ValidationError) as error:
        make_incident(shares={"us": 0.5, "de": 1.2})
    assert "networks.1.share" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_incident(shares={"us": 0})
    assert "networks.0.share" in error.value.message_dict


def test_database_refuses_what_the_services_would(make_incident):
    incident = make_incident()
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(status="resolved")  # no resolved_at
    with pytest.raises(IntegrityError), transaction.atomic():
        incident.affected_networks.update(share=1.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(resolved_at=T0 - dt.timedelta(hours=1))


def test_stale_write_is_refused_and_changes_nothing(make_incident, manager):
    incident = make_incident()
    seen = incident.version
    services.update_incident(actor=manager, incident=incident, expected_version=seen, cause_category="human_error")
    with pytest.raises(services.StaleIncident) as error:
        services.update_incident(actor=manager, incident=incident, expected_version=seen, title="overwrite")
    assert error.value.current.version == seen + 1
    incident.refresh_from_db()
    assert incident.title == "LTE core outage" and incident.cause_category == "human_error"


def test_roles_hand_over_and_first_role_acknowledges(networks, manager, make_user):
    incident = services.create_incident(actor=manager, title="Fibre cut", kind="outage", status="candidate",
                                        networks=[{"network": "NET-BR-1", "share": 0.3}], impact_started=T0, detected=T0)
    assert incident.acknowledged_at is None
    other = make_user("incident_manager", username="otto")
    services.assign_role(actor=manager, incident=incident, role="commander", person=manager, at=T0 + dt.timedelta(minutes=7))
    services.assign_role(actor=manager, incident=incident, role="commander", person=other, at=T0 + dt.timedelta(hours=1))
    incident.refresh_from_db()
    assert incident.acknowledged_at == T0 + dt.timedelta(minutes=7)
    rows = list(incident.role_assignments.order_by("assumed_at").values_list("person__username", "handed_over_at"))
    assert rows == [("imogen", T0 + dt.timedelta(hours=1)), ("otto", None)]
    customer = make_user("customer_viewer", customer=networks["br"].customer)
    with pytest.raises(ValidationError):
        services.assign_role(actor=manager, incident=incident, role="scribe", person=customer)


def test_refresh_recomputes_open_incidents_and_audits_only_real_changes(make_incident, networks):
    from django.utils import timezone

    incident = make_incident(shares={"us": 0.001}, service_impact="minor", start=timezone.now() - dt.timedelta(minutes=20),
                             detected=timezone.now() - dt.timedelta(minutes=19))
    assert incident.severity == 4 and not incident.obligations.filter(regime="FCC").exists()  # 2,000 subscribers, 20 min
    events = AuditEvent.objects.count()
    later = timezone.now() + dt.timedelta(minutes=1)
    services.refresh_open_incidents(now=later)
    assert AuditEvent.objects.count() == events  # only the user-minutes moved
    services.refresh_open_incidents(now=later + dt.timedelta(hours=8))
    incident.refresh_from_db()
    # 8 h 21 min × 2,000 subscribers passes 900,000 user-minutes: the FCC clock now runs
    assert incident.obligations.filter(regime="FCC").count() == 3
    assert AuditEvent.objects.count() > events
