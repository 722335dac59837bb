"""The map's supplier, site and item lists show each record's REI from the latest run (its worst,
as on its page) and sort on it, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from steadfast.continuity.models import ResultKind, RunResult
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.services import jobs


@pytest.fixture
def run(small_map, admin_user):
    run = start_analysis_run(actor=admin_user, label="rei lists", default_ttr_days=14)
    jobs.run(run.job.pk)
    run.refresh_from_db()
    return run


def _worst(run, **filters) -> float:
    return max(RunResult.objects.filter(run=run, **filters).values_list("rei", flat=True))


@pytest.mark.parametrize("url, kind, link", [("network:suppliers", ResultKind.SITE, "site__owner_supplier__ref"),
                                             ("network:sites", ResultKind.SITE, "site__ref"),
                                             ("network:items", ResultKind.NODE, "source__item__ref")])
def test_lists_show_and_sort_by_rei(run, small_map, admin_user, client, django_assert_max_num_queries, url, kind, link):
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        page = client.get(reverse(url), {"sort": "-continuity_rei", "per_page": 100})
    assert page.status_code == 200
    table = page.context["table"]
    rows = list(table.page.object_list)
    reis = [r.continuity_rei for r in rows]
    assert "REI (latest run)" in page.content.decode()
    expected = {ref: _worst(run, kind=kind, **{link: ref})
                for ref in RunResult.objects.filter(run=run, kind=kind).values_list(link, flat=True).distinct()
                if ref is not None}  # our own sites have no supplier
    got = {r.ref: r.continuity_rei for r in rows}
    for ref, rei in expected.items():
        assert float(got[ref]) == pytest.approx(rei, abs=5e-4), ref  # rounded to 3 places
    shown = [x for x in reis if x is not None]
    assert shown == sorted(shown, reverse=True) and len(shown) == len(expected)
