"""Figures computed from the records equal the hand count; each drill-down lists exactly them."""

from __future__ import annotations

import json

from django.core.management import call_command

from steadfast.security.selectors.dashboard import figures as security_figures
from steadfast.transparency.selectors.figures import ORGANISATION, Period, compute_all, figures_json, registry


def test_figures_equal_the_hand_count(organisation, capsys):
    s, incidents = organisation["suppliers"], organisation["incidents"]
    call_command("figures", "--json", "--period", "2025")
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
    figures = data["figures"]
    assert figures["suppliers_assessed"] == 2  # s0 (twice) and s3 in 2025; s1 in 2024; s2 not accepted
    assert figures["suppliers_with_active_dpa"] == 2  # active and expiring; not draft, not expired
    assert figures["networks"] == 3 and figures["countries"] == 2 and figures["subscribers"] == 12_001_300
    assert figures["major_incidents_supported"] == 2  # the third started in 2024
    assert figures["critical_products_surviving_share"] is None  # no analysis run: not computable, not zero
    # the security dashboard's own number for the same period agrees
    period = Period.year(2025)
    assert security_figures(user=ORGANISATION, start=period.start, end=period.end)["suppliers_assessed"] == 2
    computed = compute_all(user=ORGANISATION, period=period)
    assert set(computed["suppliers_assessed"].record_ids) == {str(s[0].pk), str(s[3].pk)}
    assert set(computed["major_incidents_supported"].record_ids) == {str(i.pk) for i in incidents[:2]}
    assert computed["countries"].record_ids == ["DE", "US"]


def test_a_figure_whose_app_or_model_is_missing_is_absent(organisation):
    from django.apps import apps

    try:
        apps.get_model("transparency", "Evaluation")
        has_centres = True
    except LookupError:
        has_centres = False
    assert ("evaluations_held" in registry()) is has_centres
    assert ("evaluations_held" in figures_json(period=Period.year(2025))["figures"]) is has_centres


def test_each_drill_down_lists_exactly_the_records_behind_its_figure(organisation, make_user, client):
    admin = make_user("administrator", username="ada")
    client.force_login(admin)
    period = Period.year(2025)
    for name, c in compute_all(user=ORGANISATION, period=period).items():
        page = client.get(f"/transparency/figures/{name}/?period=2025")
        assert page.status_code == 200, name
        rows = page.context["computed"].rows
        assert [r.id for r in rows] == c.record_ids
        if name == "subscribers":
            assert sum(r.amount for r in rows) == c.value == 12_001_300
        elif c.value is not None and name != "critical_products_surviving_share":
            assert len(rows) == c.value
        assert page.content.decode().count('data-testid="record"') == len(rows)


def test_the_figures_page_is_for_internal_roles(organisation, role_users, client):
    for role, user in role_users.items():
        client.force_login(user)
        status = client.get("/transparency/figures/").status_code
        assert status == (403 if role in ("supplier_respondent", "customer_viewer", "regulator") else 200), role
