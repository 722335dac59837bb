"""The supplier list as a risk register: security tier, risk, open findings by severity, KEV, map
exposure, last and next assessment; sortable, filtered from the URL, the most exposed supplier first,
bulk actions on ticked rows or every matching row, exports that neutralise formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.network.models import Supplier, SupplierContact
from steadfast.security.models import (
    Assessment,
    Campaign,
    Finding,
    KevEntry,
    QuestionnaireTemplate,
    SupplierRiskProfile,
)
from steadfast.security.selectors.risk_register import RegisterFilter, risk_register


def _rows(page: str) -> dict[str, list[str]]:
    """ref → the visible text of each cell of its row, in order."""
    found = {}
    for ref, body in re.findall(r'<tr data-ref="([^"]+)">(.*?)</tr>', page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        found[ref] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return found


def _order(page: str) -> list[str]:
    return re.findall(r'<tr data-ref="([^"]+)">', page)


@pytest.fixture
def register(supplier_factory):
    """Three suppliers with different tiers, risk, findings, exposure and assessments."""
    today = timezone.localdate()
    big = supplier_factory(ref="SUP-BIG", legal_name="Big Platforms", country="DE", category="software", tier=1)
    mid = supplier_factory(ref="SUP-MID", legal_name="Mid Logistics", country="FR", category="logistics", tier=2,
                           parent=big)
    small = supplier_factory(ref="SUP-SMALL", legal_name="Small Software", country="CN", category="software", tier=3,
                             parent=mid)
    SupplierRiskProfile.objects.create(supplier=big, tier=2, tier_override=1, tier_override_reason="Signs firmware",
                                       inherent_score=58.74, networks_exposed=1540, products_exposed=12,
                                       revenue_exposed=Decimal("48900000"), next_reassessment_due=today - dt.timedelta(days=3))
    SupplierRiskProfile.objects.create(supplier=mid, tier=3, inherent_score=30.0, networks_exposed=40,
                                       revenue_exposed=Decimal("250000"), next_reassessment_due=today + dt.timedelta(days=90))
    SupplierRiskProfile.objects.create(supplier=small, tier=4, inherent_score=18.5, networks_exposed=3,
                                       revenue_exposed=Decimal("1200"))
    template = QuestionnaireTemplate.objects.create(name="T", status="published")
    old = timezone.make_aware(dt.datetime(2025, 3, 2, 12))
    accepted = timezone.make_aware(dt.datetime(2026, 3, 2, 12))
    Assessment.objects.create(supplier=big, template=template, status="accepted", submitted_at=old, accepted_at=old,
                              residual_risk=70.0)
    Assessment.objects.create(supplier=big, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted, residual_risk=31.25)  # the latest counts
    Assessment.objects.create(supplier=mid, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted, residual_risk=65.0)
    KevEntry.objects.create(cve_id="CVE-2021-44228", vendor_project="Apache", product="Log4j2", vulnerability_name="Log4Shell",
                            date_added=dt.date(2021, 12, 10), required_action="Patch", due_date=dt.date(2021, 12, 24),
                            known_ransomware_use="Known", vendor_key="apache", product_key="log4j2")
    due = today + dt.timedelta(days=9)
    for severity, source, cve in (("critical", "kev", "CVE-2021-44228"), ("critical", "manual", ""),
                                  ("high", "manual", ""), ("medium", "assessment", ""), ("low", "manual", "")):
        Finding.objects.create(supplier=big, source=source, severity=severity, cve=cve, title=severity, due_date=due)
    Finding.objects.create(supplier=big, source="manual", severity="critical", title="done", status="verified_closed",
                           closed_at=timezone.now(), closure_note="Fixed")
    Finding.objects.create(supplier=mid, source="manual", severity="high", title="plan", due_date=due,
                           status="remediation_planned", remediation_plan="Soon")
    return {"big": big, "mid": mid, "small": small, "template": template}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_register_rows_columns_and_sorting(register, make_user):
    client = _client(make_user(Role.AUDITOR))
    page = client.get("/security/register/").content.decode()
    rows = _rows(page)
    # checkbox, ref, name, country, supply tier, security tier, revenue, networks, inherent, residual, critical,
    # high, medium, low, KEV, last assessed, next assessment
    assert rows["SUP-BIG"][1:] == ["SUP-BIG", "Big Platforms", "DE", "1", "1", "€48,900,000", "1,540", "58.7", "31.3",
                                   "2", "1", "1", "1", "1 1 ransomware", "2026-03-02",
                                   f"{timezone.localdate() - dt.timedelta(days=3):%Y-%m-%d} overdue"]
    assert rows["SUP-MID"][10:14] == ["0", "1", "0", "0"]  # a planned finding is still open
    assert rows["SUP-SMALL"][9] == "—" and rows["SUP-SMALL"][-2:] == ["—", "—"]
    # Default: the most revenue exposed first, and the "highest exposure" link names it.
    assert _order(page) == ["SUP-BIG", "SUP-MID", "SUP-SMALL"]
    top = re.search(r'data-testid="highest-exposure" href="([^"]+)">([^<]+)<', page)
    assert top.group(1) == f"/security/suppliers/{register['big'].pk}/tier/" and "Big Platforms" in top.group(2)
    sort = lambda key: _order(client.get(f"/security/register/?sort={key}").content.decode())  # noqa: E731
    assert sort("-security_tier") == ["SUP-SMALL", "SUP-MID", "SUP-BIG"]
    # Where the supplier never assessed (no residual risk) goes depends on the database; the others do not.
    assert [r for r in sort("residual") if r != "SUP-SMALL"] == ["SUP-BIG", "SUP-MID"]
    assert [r for r in sort("-residual") if r != "SUP-SMALL"] == ["SUP-MID", "SUP-BIG"]
    assert sort("-open_high")[-1] == "SUP-SMALL"
    assert sort("-open_kev")[0] == "SUP-BIG" and sort("networks") == ["SUP-SMALL", "SUP-MID", "SUP-BIG"]
    assert sort("tier") == ["SUP-BIG", "SUP-MID", "SUP-SMALL"] and sort("-inherent")[0] == "SUP-BIG"
    assert [r for r in sort("next_due") if r != "SUP-SMALL"] == ["SUP-BIG", "SUP-MID"]


def test_register_query_count_does_not_grow_with_rows(register, supplier_factory, make_user,
                                                      django_assert_max_num_queries):
    client = _client(make_user(Role.RISK_ANALYST))
    Campaign.objects.create(name="Running", template=register["template"], due_date=timezone.localdate()
                            + dt.timedelta(days=30), status="running")
    client.get("/security/register/")
    with django_assert_max_num_queries(9) as few:
        client.get("/security/register/?sort=-open_critical&kev=0")
    for n in range(60):
        s = supplier_factory(ref=f"SUP-X{n:03d}")
        SupplierRiskProfile.objects.create(supplier=s, tier=1 + n % 4, inherent_score=n, revenue_exposed=n)
        Finding.objects.create(supplier=s, source="manual", severity="high", title="x", due_date=timezone.localdate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/security/register/?sort=-open_critical&per_page=100").content.decode()
    assert len(_order(page)) == 63 and "63 in all" in page


def test_register_filters_from_the_url(register, make_user):
    client = _client(make_user(Role.AUDITOR))

    def refs(query: str) -> set[str]:
        return set(_order(client.get(f"/security/register/?{query}").content.decode()))

    assert refs("tier=1") == {"SUP-BIG"}  # the override counts
    assert refs("tier=3&tier=4") == refs("tier=3,4") == {"SUP-MID", "SUP-SMALL"}
    assert refs("supply_tier=2") == {"SUP-MID"}
    assert refs("country=de,cn") == {"SUP-BIG", "SUP-SMALL"}
    assert refs("category=software") == {"SUP-BIG", "SUP-SMALL"}
    assert refs("kev=1") == {"SUP-BIG"} and refs("overdue=1") == {"SUP-BIG"}
    assert refs("residual=low") == {"SUP-BIG"} and refs("residual=high") == {"SUP-MID"}
    assert refs("residual=none") == {"SUP-SMALL"} and refs("residual=low&residual=none") == {"SUP-BIG", "SUP-SMALL"}
    assert refs("q=logist") == {"SUP-MID"} and refs("category=software&tier=4") == {"SUP-SMALL"}
    page = client.get("/security/register/?category=software&kev=1").content.decode()
    assert "Software · with an open known-exploited vulnerability" in page
    # A bad value is named and ignored (every row), never a 500.
    page = client.get("/security/register/?tier=7").content.decode()
    assert "security tier" not in page.split("Filter ignored:")[0][-50:] and "tier must be whole numbers 1 to 4" in page
    assert set(_order(page)) == {"SUP-BIG", "SUP-MID", "SUP-SMALL"}
    for query, name in (("country=DEU", "country"), ("category=food", "category"), ("residual=huge", "residual"),
                        ("kev=maybe", "kev"), ("supply_tier=x", "supply_tier")):
        with pytest.raises(ValidationError) as error:
            RegisterFilter.from_params(QueryDict(query))
        assert name in error.value.message_dict


def test_register_is_scoped(register, make_user):
    respondent = make_user(Role.SUPPLIER_RESPONDENT, supplier=register["small"])
    assert _client(respondent).get("/security/register/").status_code == 403  # no security domain
    assert list(risk_register(user=respondent)) == [register["small"]]  # the selector: its own row only


def test_bulk_add_ticked_rows_to_a_running_campaign(register, make_user):
    analyst = make_user(Role.RISK_ANALYST)
    client = _client(analyst)
    due = timezone.localdate() + dt.timedelta(days=30)
    running = Campaign.objects.create(name="Q3 top exposure", template=register["template"], due_date=due,
                                      status="running")
    draft = Campaign.objects.create(name="Draft", template=register["template"], due_date=due)
    Assessment.objects.create(supplier=register["mid"], template=register["template"], status="invited")  # open
    response = client.post("/security/register/bulk/", {
        "action": "campaign", "campaign": running.pk, "scope": "selected",
        "supplier": [register["big"].pk, register["mid"].pk]})
    assert response.status_code == 302 and response["Location"] == f"/security/campaigns/{running.pk}/"
    added = Assessment.objects.filter(campaign=running)
    assert [(a.supplier_id, a.status, a.due_date) for a in added] == [(register["big"].pk, "draft", due)]
    message = client.get(response["Location"]).content.decode()
    assert "1 supplier added to Q3 top exposure. 1 skipped: an assessment already open." in message
    assert AuditEvent.objects.filter(verb="add_suppliers", object_id=str(running.pk)).count() == 1
    # Again: nobody left to add; a draft campaign is refused; nothing ticked is refused. Nothing changes.
    for data, words in (({"campaign": running.pk, "supplier": [register["big"].pk]}, "none of the chosen suppliers"),
                        ({"campaign": draft.pk, "supplier": [register["small"].pk]}, "running campaign only"),
                        ({"campaign": running.pk}, "tick at least one supplier")):
        response = client.post("/security/register/bulk/", {"action": "campaign", "scope": "selected", **data},
                               follow=True)
        assert words in response.content.decode()
    assert Assessment.objects.filter(campaign__isnull=False).count() == 1
    # The auditor sees no bulk action and cannot post one.
    auditor = _client(make_user(Role.AUDITOR))
    assert 'name="action"' not in auditor.get("/security/register/").content.decode()
    assert auditor.post("/security/register/bulk/", {"action": "campaign", "campaign": running.pk,
                                                     "supplier": [register["small"].pk]}).status_code == 403


def test_bulk_add_every_matching_row(register, make_user):
    client = _client(make_user(Role.RISK_ANALYST))
    running = Campaign.objects.create(name="Software", template=register["template"], status="running",
                                      due_date=timezone.localdate() + dt.timedelta(days=30))
    response = client.post("/security/register/bulk/", {
        "action": "campaign", "campaign": running.pk, "scope": "all", "category": "software",
        "supplier": [register["mid"].pk]})  # ticked rows are ignored with scope=all
    assert response.status_code == 302
    assert set(Assessment.objects.filter(campaign=running).values_list("supplier__ref", flat=True)) == {
        "SUP-BIG", "SUP-SMALL"}


def test_reassess_now_invites_the_supplier(register, make_user, mailoutbox):
    SupplierContact.objects.create(supplier=register["big"], name="Sec", email="sec@big.example", role="security")
    client = _client(make_user(Role.RISK_ANALYST))
    response = client.post("/security/register/bulk/", {"action": "reassess", "scope": "selected",
                                                        "supplier": [register["big"].pk]}, follow=True)
    assessment = Assessment.objects.get(supplier=register["big"], campaign=None, status="invited")
    assert assessment.due_date == timezone.localdate() + dt.timedelta(days=45)
    assert "1 supplier sent a reassessment. 1 invited" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["sec@big.example"]]


def test_export_csv_and_xlsx_follow_the_filters_and_neutralise_formulas(register, supplier_factory, make_user):
    evil = supplier_factory(ref="SUP-EVIL", legal_name='=HYPERLINK("http://x.example","click")', category="software")
    client = _client(make_user(Role.AUDITOR))
    response = client.get("/security/register/export.csv?category=software")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('risk-register.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:6] == ["Ref", "Supplier", "Country", "Category", "Supply tier", "Security tier"]
    by_ref = {r[0]: r for r in rows[1:]}
    assert set(by_ref) == {"SUP-BIG", "SUP-SMALL", "SUP-EVIL"}
    assert by_ref["SUP-EVIL"][1] == "'" + evil.legal_name  # shown as text, never run
    assert by_ref["SUP-BIG"][5:9] == ["1", "58.7", "31.2", "2"] and by_ref["SUP-BIG"][14] == "48900000.0"
    # Ticked rows only, as XLSX: the cell is typed text, the formula not run.
    response = client.get(f"/security/register/export.xlsx?scope=selected&supplier={evil.pk}&supplier={register['mid'].pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [v[0] for v in values[1:]] == ["SUP-MID", "SUP-EVIL"]
    assert values[2][1] == evil.legal_name and sheet.cell(3, 2).data_type == "s"
    assert client.get("/security/register/export.pdf").status_code == 404


def test_supplier_status_is_respected(register, make_user):
    Supplier.objects.filter(pk=register["small"].pk).update(status="exited")
    running = Campaign.objects.create(name="R", template=register["template"], status="running",
                                      due_date=timezone.localdate() + dt.timedelta(days=30))
    client = _client(make_user(Role.RISK_ANALYST))
    response = client.post("/security/register/bulk/", {"action": "campaign", "campaign": running.pk,
                                                        "scope": "selected", "supplier": [register["small"].pk]},
                           follow=True)
    assert "1 are not active" in response.content.decode() and not Assessment.objects.filter(campaign=running).exists()
