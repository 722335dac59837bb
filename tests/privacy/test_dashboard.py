"""The dashboard's figures from a small known register."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from steadfast.privacy import selectors, services
from steadfast.privacy.models import Transfer, TransferImpactAssessment

TODAY = dt.date(2026, 6, 15)


def test_figures_count_what_the_register_holds(db, dpa_factory, agreement_bytes, privacy_officer,
                                               django_assert_max_num_queries):
    complete, partial, draft = dpa_factory(expires_on=dt.date(2026, 7, 1)), dpa_factory(), dpa_factory()
    services.add_document(actor=None, dpa=complete, data=agreement_bytes(), name="a.pdf")
    services.add_document(actor=None, dpa=partial, data=agreement_bytes(omit={"28(4)"}), name="b.pdf")
    for dpa in (complete, partial):
        services.record_signature(actor=None, dpa=dpa, signed_on=dt.date(2026, 2, 1), today=TODAY)
    current = Transfer.objects.create(ref="T1", origin_country="DE", destination_country="IN", mechanism="scc_m2",
                                      recipient=complete.supplier)
    overdue = Transfer.objects.create(ref="T2", origin_country="DE", destination_country="PH", mechanism="scc_m3",
                                      recipient=partial.supplier)
    Transfer.objects.create(ref="T3", origin_country="DE", destination_country="JP", mechanism="adequacy",
                            recipient=partial.supplier)
    for transfer, review in ((current, dt.date(2027, 1, 1)), (overdue, dt.date(2026, 1, 1))):
        TransferImpactAssessment.objects.create(transfer=transfer, assessed_on=dt.date(2025, 1, 1), outcome="proceed",
                                                destination_law="reviewed", next_review_on=review)
    aware = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    for n, hours in enumerate((30, 80)):
        services.record_breach(actor=None, ref=f"BR-{n}", title="t", nature="n", aware_at=aware, authority="BfDI",
                               authority_notified_at=aware + dt.timedelta(hours=hours), late_reason="forensics" * n)
    with django_assert_max_num_queries(12):
        f = selectors.dashboard(user=privacy_officer, today=TODAY)
    assert (f["processors"], f["processors_covered"], f["processors_covered_pct"]) == (3, 2, 66.7)
    assert (f["complete"], f["checked"], f["complete_pct"]) == (1, 2, 50.0)
    assert (f["expiring_30"], f["expiring_90"]) == (1, 1)
    assert (f["tia_needed"], f["tia_current"]) == (2, 1)
    assert (f["breaches_notified"], f["breaches_in_time"], f["breaches_in_time_pct"]) == (2, 1, 50.0)
    assert f["signed_by_month"] == [("Feb 26", 2)] and draft.status == "draft"
    client = Client()
    client.force_login(privacy_officer)
    page = client.get("/privacy/").content.decode()
    assert '<img class="chart" src="data:image/svg+xml;base64,' in page and "66.7 %" in page and "style=" not in page


def test_flows_map_data_counts_destinations(db, privacy_officer, supplier_factory):
    supplier = supplier_factory()
    for n, (country, mechanism) in enumerate((("IN", "scc_m2"), ("IN", "none"), ("US", "adequacy"))):
        Transfer.objects.create(ref=f"T{n}", origin_country="DE", destination_country=country, mechanism=mechanism,
                                recipient=supplier)
    client = Client()
    client.force_login(privacy_officer)
    data = client.get("/privacy/transfers/map.json").json()
    assert data["countries"] == [{"country": "IN", "count": 2, "without_mechanism": 1},
                                 {"country": "US", "count": 1, "without_mechanism": 0}]
    page = client.get("/privacy/transfers/map/").content.decode()
    assert "network/world.json" in page and "privacy/flows.js" in page
