"""Incident fixtures: customer networks in the US, Germany and Brazil, and a clock in the past."""

from __future__ import annotations

import datetime as dt

import pytest

T0 = dt.datetime(2026, 3, 28, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def networks(db, customer_factory):
    from steadfast.incidents.models import NationalUserBase
    from steadfast.network.models import CustomerNetwork

    home = customer_factory(name="Atlantic Mobile Inc.", country="US")
    other = customer_factory(name="Rhein Telekom AG", country="DE")
    made = {
        "us": CustomerNetwork.objects.create(ref="NET-US-1", customer=home, name="Atlantic LTE", country="US", kind="mobile",
                                             subscribers=2_000_000, restore_target_hours=4),
        "de": CustomerNetwork.objects.create(ref="NET-DE-1", customer=other, name="Rhein Mobil", country="DE", kind="mobile",
                                             subscribers=10_000_000, restore_target_hours=2),
        "br": CustomerNetwork.objects.create(ref="NET-BR-1", customer=other, name="Rhein Brasil", country="BR", kind="fixed",
                                             subscribers=500_000, restore_target_hours=8),
    }
    NationalUserBase.objects.create(country="DE", kind="mobile", users=100_000_000)
    return made


@pytest.fixture
def manager(make_user):
    return make_user("incident_manager", username="imogen")


@pytest.fixture
def make_incident(networks, manager):
    from steadfast.incidents import services

    def make(*, shares=None, start=T0, detected=None, resolved=None, **fields):
        shares = shares or {"us": 0.5}
        return services.create_incident(
            actor=manager, title=fields.pop("title", "LTE core outage"), kind=fields.pop("kind", "outage"),
            networks=[{"network": networks[k].ref, "share": s} for k, s in shares.items()],
            impact_started=start, detected=detected or start + dt.timedelta(minutes=5), resolved=resolved, **fields)

    return make
