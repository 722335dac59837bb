"""One count everywhere: every finding tile on the home page and the security dashboard links to the
findings list with its filter in the URL, and the tile's number, the list's count, its rows and the
API's count for the same filter are the same number. The test walks the tiles it finds on the pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from steadfast.core.file_checks import plain_pdf
from steadfast.security.models import Finding
from steadfast.security.selectors.counts import FINDING_COUNTS

HOME_TILE = re.compile(r'<a class="card link-card" href="([^"]+)"><div class="stat">([\d,]+)</div>'
                       r'<div class="stat-label">([^<]+)</div>')
DASHBOARD_TILE = re.compile(r'<a class="stat" href="([^"]+)">([\d,]+)</a><div class="stat-label">([^<]+)</div>')


@pytest.fixture
def spread(supplier_factory, role_users):
    """Findings in every status and severity, some overdue, across two suppliers; 23 in all."""
    today = timezone.localdate()
    suppliers = [supplier_factory(legal_name="Nordlicht Optics GmbH"), supplier_factory(legal_name="Kestrel Cloud Ltd")]
    states = ["open", "open", "remediation_planned", "verified_closed", "risk_accepted"]
    severities = ["critical", "high", "medium", "low"]
    n = 0
    for i, status in enumerate(states):
        for j, severity in enumerate(severities):
            if (i + j) % 4 == 3:
                continue  # not every combination: the counts must not all be equal
            n += 1
            extra = {}
            if status == "verified_closed":
                extra = {"closed_at": timezone.now(), "closure_note": "Verified"}
            if status == "risk_accepted":
                extra = {"acceptance_reason": "Compensated", "acceptance_expires": today + dt.timedelta(days=30),
                         "acceptance_approver": role_users["administrator"]}
            source = "kev" if n % 3 == 0 else "manual"
            Finding.objects.create(supplier=suppliers[n % 2], source=source, severity=severity, status=status,
                                   title=f"Finding {n}", cve=f"CVE-2024-{n:04d}" if source == "kev" else "",
                                   due_date=today + dt.timedelta(days=-5 if n % 2 else 20), **extra)
    return n


def _list_count(client, url: str) -> tuple[int, int]:
    body = client.get(url).content.decode()
    heading = int(re.search(r'data-testid="findings-count">\(([\d,]+)\)', body).group(1).replace(",", ""))
    table = body[body.index('data-testid="findings"'):body.index("</table>", body.index('data-testid="findings"'))]
    rows = table.count('<a href="/security/findings/')
    return heading, rows


def test_every_tile_counts_exactly_the_list_it_opens(spread, role_users, api_client_for):
    analyst = role_users["risk_analyst"]
    client = Client()
    client.force_login(analyst)
    api = api_client_for(analyst)

    home = client.get("/").content.decode()
    dashboard = client.get("/security/dashboard/").content.decode()
    tiles = [("home", *m) for m in HOME_TILE.findall(home) if m[0].startswith("/security/findings/")]
    tiles += [("dashboard", *m) for m in DASHBOARD_TILE.findall(dashboard)]
    assert {label for _, _, _, label in tiles} >= {"Open findings", "Open critical findings", "Overdue findings",
                                                    "open high findings", "open known-exploited vulnerabilities"}
    for page, url, value, label in tiles:
        url = html.unescape(url)
        assert urlsplit(url).query, f"{page} tile {label!r} opens the unfiltered list"
        shown = int(value.replace(",", ""))
        heading, rows = _list_count(client, url)
        params = dict(parse_qsl(urlsplit(url).query))
        answer = api.get("/api/v1/security/findings", {**params, "limit": 500}).json()
        assert shown == heading == rows == answer["count"] == len(answer["items"]), (page, label)

    # The numbers are the definitions, counted by hand from the database.
    today = timezone.localdate()
    open_ = Finding.objects.filter(status__in=["open", "remediation_planned"])
    expected = {"open": open_.count(), "open_critical": open_.filter(severity="critical").count(),
                "open_high": open_.filter(severity="high").count(),
                "overdue": open_.filter(due_date__lt=today).count(), "open_kev": open_.filter(source="kev").count()}
    assert len(set(expected.values())) > 3 and expected["open"] < spread  # the counts tell things apart
    for count in FINDING_COUNTS:
        heading, _ = _list_count(client, count.url)
        assert heading == expected[count.key], count.key


def test_the_list_says_which_filter_it_shows(spread, role_users):
    client = Client()
    client.force_login(role_users["auditor"])
    body = client.get("/security/findings/?open=1&severity=critical").content.decode()
    assert "Showing open (open or remediation planned) · critical findings" in body
    assert 'name="open" value="1" checked' in body
    assert "Showing" not in client.get("/security/findings/").content.decode()


def test_questionnaire_progress_is_one_count_in_the_portal_list_the_campaign_and_the_questionnaire(
        home_assessment, answer_all, respondent, analyst, questionnaire):
    # IR-01 answered "no" hides IR-02 (its stored "yes" no longer counts); the optional evidence and
    # notes questions are shown but unanswered: 4 of 6 shown questions are answered.
    answer_all(home_assessment, actor=respondent, irp="no")
    client = Client()
    client.force_login(respondent)
    portal = client.get("/security/portal/").content.decode()
    questionnaire_page = client.get(f"/security/portal/assessments/{home_assessment.pk}/").content.decode()
    assert '<td class="num">4 of 6</td>' in portal
    assert "4 of 6 answered" in questionnaire_page
    # An evidence file answers the evidence question, everywhere at once.
    from steadfast.security.services.portal import store_evidence

    store_evidence(actor=respondent, assessment=home_assessment, question=questionnaire.q["certificate"],
                   name="iso27001.pdf", data=plain_pdf("ISO 27001 certificate"))
    assert '<td class="num">5 of 6</td>' in client.get("/security/portal/").content.decode()
    assert "5 of 6 answered" in client.get(f"/security/portal/assessments/{home_assessment.pk}/").content.decode()
