"""The supplier list as a risk register: security tier, risk, open findings by severity, KEV, map
exposure, last and next assessment; sortable, the most exposed supplier first by default."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from steadfast.core.roles import Role
from steadfast.security.models import Assessment, Finding, QuestionnaireTemplate, SupplierRiskProfile


def test_register_rows_and_sorting(supplier_factory, make_user, django_assert_max_num_queries):
    big = supplier_factory(ref="SUP-BIG", legal_name="Big Platforms")
    small = supplier_factory(ref="SUP-SMALL", legal_name="Small Software")
    SupplierRiskProfile.objects.create(supplier=big, tier=2, tier_override=1, tier_override_reason="Signs firmware",
                                       inherent_score=58.74, networks_exposed=1540,
                                       revenue_exposed=Decimal("48900000"))
    SupplierRiskProfile.objects.create(supplier=small, tier=3, inherent_score=18.5, networks_exposed=3,
                                       revenue_exposed=Decimal("1200"))
    template = QuestionnaireTemplate.objects.create(name="T", status="published")
    accepted = timezone.make_aware(dt.datetime(2026, 3, 2, 12))
    Assessment.objects.create(supplier=big, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted, residual_risk=31.25)
    due = timezone.localdate() + dt.timedelta(days=9)
    for severity, source, cve in (("critical", "kev", "CVE-2021-44228"), ("critical", "manual", ""),
                                  ("high", "manual", "")):
        Finding.objects.create(supplier=big, source=source, severity=severity, cve=cve, title=severity, due_date=due)
    Finding.objects.create(supplier=big, source="manual", severity="critical", title="done", status="verified_closed",
                           closed_at=timezone.now(), closure_note="Fixed")
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    client.get("/security/register/")
    with django_assert_max_num_queries(8):
        page = client.get("/security/register/").content.decode()
    rows = re.findall(r"<tr>(<td.*?)</tr>", page, re.S)
    cells = [re.findall(r"<td[^>]*>(?:<a [^>]*>)?(.*?)(?:</a>)?</td>", row) for row in rows]
    assert cells[0] == ["SUP-BIG", "Big Platforms", "1", "58.7", "31.2", "2", "1", "1", "48,900,000", "1,540",
                        "2026-03-02", "—"]
    assert cells[1][:3] == ["SUP-SMALL", "Small Software", "3"] and cells[1][5:8] == ["0", "0", "0"]
    by_tier = client.get("/security/register/?sort=-security_tier").content.decode()
    assert by_tier.index("SUP-SMALL") < by_tier.index("SUP-BIG")
    assert f'href="/security/suppliers/{big.pk}/"' in page
