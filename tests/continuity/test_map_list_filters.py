"""The supplier, site and item lists filter on the latest run (REI at least X, at risk only) and
export the filtered, sorted list as CSV and XLSX with the REI, TTS and PI columns.

On the hand-built map with the default TTR of 14 days: losing KOBE-F1 leaves 4 days (at risk,
13,000 lost over its TTR of 30), HQ-F1 (no stock, 14-day default) 0 days (14,000 lost: REI 1),
HSIN-F1 is covered by KOBE (unbounded), RHEIN-W1's 100 cases last its 10-day TTR (not at risk)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.roles import Role
from steadfast.core.services import jobs


@pytest.fixture
def run(small_map, admin_user):
    run = start_analysis_run(actor=admin_user, label="filters", default_ttr_days=14)
    jobs.run(run.job.pk)
    return run


def _refs(page) -> list[str]:
    return [row.ref for row in page.context["table"].page.object_list]


@pytest.mark.parametrize("url, params, expected", [
    ("network:suppliers", {"at_risk": "on"}, ["KOBE"]),
    ("network:suppliers", {"rei_min": "0.5"}, ["KOBE"]),
    ("network:suppliers", {"rei_min": "0"}, ["HSIN", "KOBE", "RHEIN"]),  # those in the run
    ("network:sites", {"at_risk": "on"}, ["HQ-F1", "KOBE-F1"]),
    ("network:sites", {"rei_min": "0.95"}, ["HQ-F1"]),
    ("network:sites", {"rei_min": "0.5", "country": "JP"}, ["KOBE-F1"]),
    ("network:items", {"at_risk": "on"}, ["CHIP", "ROUTER"]),
    ("network:items", {"rei_min": "0.99"}, ["ROUTER"]),
])
def test_filters(run, admin_user, client, url, params, expected):
    client.force_login(admin_user)
    page = client.get(reverse(url), params)
    assert page.status_code == 200
    assert _refs(page) == expected
    assert "REI at least" in page.content.decode() and 'data-testid="list-export"' in page.content.decode()


def test_csv_export_is_the_filtered_sorted_list_with_the_standing(run, admin_user, client):
    client.force_login(admin_user)
    response = client.get(reverse("network:sites"), {"at_risk": "on", "sort": "-continuity_rei", "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="steadfast-sites-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["Ref"], r["REI (latest run)"], r["Shortest TTS (days)"], r["Worst PI"], r["At risk (TTS < TTR)"])
            for r in rows] == [("HQ-F1", "1", "0", "14000", "yes"), ("KOBE-F1", "0.929", "4", "13000", "yes")]


def test_xlsx_export_of_suppliers(run, admin_user, client):
    client.force_login(admin_user)
    response = client.get(reverse("network:suppliers"), {"rei_min": "0", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:2] == ["Ref", "Legal name"] and header[-4:] == [
        "REI (latest run)", "Shortest TTS (days)", "Worst PI", "At risk (TTS < TTR)"]
    by_ref = {r[0]: r[-4:] for r in rows[1:]}
    # HSIN's loss is covered (unbounded TTS: an empty cell), RHEIN's lasts its TTR
    assert by_ref == {"KOBE": [0.929, 4, 13000, "yes"], "HSIN": [0, None, 0, "no"], "RHEIN": [0, 10, 0, "no"]}


def test_bad_filter_and_format_are_named(run, admin_user, client):
    client.force_login(admin_user)
    page = client.get(reverse("network:items"), {"rei_min": "2"})
    assert page.status_code == 200 and "less than or equal to 1" in page.content.decode()
    assert client.get(reverse("network:items"), {"export": "pdf"}).status_code == 400


def test_without_continuity_access_no_standing_filters_or_columns(run, make_user, client):
    client.force_login(make_user(Role.PRIVACY_OFFICER, username="dpo"))  # sees the map, not continuity
    header = next(csv.reader(io.StringIO(client.get(reverse("network:sites"), {"export": "csv"}).content.decode())))
    assert header[0] == "Ref" and not any("REI" in h or "TTS" in h for h in header)
    page = client.get(reverse("network:sites"), {"at_risk": "on"}).content.decode()
    assert "REI at least" not in page and "KOBE-F1" in page and "HSIN-F1" in page  # the filter is not applied


def test_a_role_that_may_not_export_gets_no_export(run, make_user, client):
    client.force_login(make_user(Role.REGULATOR, username="reg"))
    assert client.get(reverse("network:sites"), {"export": "csv"}).status_code == 403
    assert 'data-testid="list-export"' not in client.get(reverse("network:sites")).content.decode()
