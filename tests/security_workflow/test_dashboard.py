"""The security dashboard: plots and the published figures, computed from records."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_dashboard_shows_figures_and_plots(home_assessment, answer_all, respondent, analyst, django_assert_max_num_queries):
    import datetime as dt

    from steadfast.security.models import Finding
    from steadfast.security.services.portal import submit_assessment
    from steadfast.security.services.remediation import close_finding
    from steadfast.security.services.review import accept_assessment

    # Due today, so that it falls in the dashboard's period (the last twelve months up to today).
    type(home_assessment).objects.filter(pk=home_assessment.pk).update(due_date=dt.date.today())
    home_assessment.refresh_from_db()
    answer_all(home_assessment, actor=respondent, mfa="no")  # a gap: raises a finding on acceptance
    submit_assessment(actor=respondent, assessment=home_assessment)
    accept_assessment(actor=analyst, assessment=home_assessment)
    finding = Finding.objects.get(assessment=home_assessment)
    close_finding(actor=analyst, finding=finding, note="MFA rolled out")

    client = Client()
    client.force_login(analyst)
    with django_assert_max_num_queries(40):
        page = client.get("/security/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count('<img class="chart" src="data:image/svg+xml;base64,') >= 6
    figures = page.context["figures"]
    assert figures["suppliers_assessed"] == 1
    assert figures["tier1_due"] == 1 and figures["tier1_on_time"] == 1
    assert figures["findings_closed"] == 1 and figures["mean_days_to_remediate"] == 0.0
    assert "suppliers assessed in the last 12 months" in html and "100%" in html


def test_dashboard_is_not_for_supplier_respondents(respondent):
    client = Client()
    client.force_login(respondent)
    assert client.get("/security/dashboard/").status_code == 403
