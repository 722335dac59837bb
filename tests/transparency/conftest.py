"""A hand-built organisation whose figures are counted by hand in the tests."""

from __future__ import annotations

import datetime as dt

import pytest

Y2025 = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    settings.STEADFAST_SIGNING_KEY = tmp_path / "keys" / "publication-ed25519.pem"


@pytest.fixture
def organisation(db, supplier_factory, customer_factory, make_user):
    from steadfast.incidents.services import create_incident
    from steadfast.network.models import CustomerNetwork
    from steadfast.privacy.models import Dpa
    from steadfast.security.models import Assessment, QuestionnaireTemplate

    s = [supplier_factory(legal_name=name) for name in ("Nordic Optics AB", "Shenzhen Lumen Co", "Kyushu Silicon KK",
                                                        "Baltic Cable SIA")]
    template = QuestionnaireTemplate.objects.create(name="Supplier security baseline", status="published")

    def assessed(supplier, status, accepted_at=None):
        submitted = (accepted_at or Y2025) - dt.timedelta(days=3)
        return Assessment.objects.create(supplier=supplier, template=template, status=status, submitted_at=submitted,
                                         accepted_at=accepted_at)

    assessed(s[0], "accepted", Y2025)
    assessed(s[0], "accepted", Y2025 + dt.timedelta(days=90))  # the same supplier twice: counted once
    assessed(s[1], "accepted", Y2025 - dt.timedelta(days=365))  # 2024: not in the period
    assessed(s[2], "submitted")
    assessed(s[3], "accepted", Y2025 + dt.timedelta(days=10))
    for n, (supplier, status) in enumerate(((s[0], "active"), (s[1], "expiring"), (s[2], "draft"), (s[3], "expired"))):
        signed = None if status == "draft" else dt.date(2024, 3, 1)
        Dpa.objects.create(ref=f"DPA-{n}", supplier=supplier, status=status, signed_on=signed, objection_window_days=30,
                           expires_on=dt.date(2027, 3, 1) if signed else None)
    atlantic = customer_factory(name="Atlantic Mobile Inc.", country="US")
    rhein = customer_factory(name="Rhein Telekom AG", country="DE")
    nets = [CustomerNetwork.objects.create(ref="NET-US-1", customer=atlantic, name="Atlantic LTE", country="US",
                                           kind="mobile", subscribers=2_000_000),
            CustomerNetwork.objects.create(ref="NET-DE-1", customer=rhein, name="Rhein Mobil", country="DE",
                                           kind="mobile", subscribers=10_000_000),
            CustomerNetwork.objects.create(ref="NET-DE-2", customer=rhein, name="Rhein Festnetz", country="DE",
                                           kind="fixed", subscribers=1_300)]
    manager = make_user("incident_manager", username="imogen")
    incidents = []
    for start in (Y2025, Y2025 + dt.timedelta(days=40), Y2025 - dt.timedelta(days=200)):
        incidents.append(create_incident(actor=manager, title="Core network outage", kind="outage",
                                         networks=[{"network": "NET-DE-1", "share": 0.3}], impact_started=start,
                                         detected=start + dt.timedelta(minutes=4)))
    return {"suppliers": s, "networks": nets, "incidents": incidents}
