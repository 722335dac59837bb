"""Control coverage: the arithmetic on a hand-built catalog and questionnaire with hand-computed
values, not-applicable and informational answers left out, each assessment read with its own
template version's mapping, the tier filter, the pages, the API (same numbers) and its scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from steadfast.security.models import (
    Answer,
    Assessment,
    Control,
    Framework,
    Question,
    QuestionnaireTemplate,
    SupplierRiskProfile,
)
from steadfast.security.selectors.coverage import (
    CoverageFilter,
    group_controls,
    latest_accepted,
    portfolio_coverage,
    supplier_coverage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    """A CSF with two functions (PR: category PR.AA with three subcategories; GV: GV.SC-01) and an
    SP 800-53 with AC (ac-1..3 and the enhancement ac-2.1) and AU (au-2)."""
    csf = Framework.objects.create(name="NIST Cybersecurity Framework 2.0", version="test")
    sp = Framework.objects.create(name="NIST Special Publication 800-53 Revision 5", version="test")
    order = iter(range(1, 100))

    def control(framework, control_id, group, group_title, parent=None, title=""):
        return Control.objects.create(framework=framework, control_id=control_id, label=control_id.upper()
                                      if framework == sp else control_id, title=title or control_id,
                                      group_path=group, group_title=group_title, parent=parent,
                                      sort_order=next(order))

    c = {}
    c["PR.AA"] = control(csf, "PR.AA", "PR", "PROTECT", title="Identity Management, Authentication, and Access Control")
    for n in (1, 2, 3):
        c[f"PR.AA-0{n}"] = control(csf, f"PR.AA-0{n}", "PR", "PROTECT", parent=c["PR.AA"])
    c["GV.SC"] = control(csf, "GV.SC", "GV", "GOVERN", title="Cybersecurity Supply Chain Risk Management")
    c["GV.SC-01"] = control(csf, "GV.SC-01", "GV", "GOVERN", parent=c["GV.SC"])
    for cid, title in (("ac-1", "Policy and Procedures"), ("ac-2", "Account Management"), ("ac-3", "Access Enforcement")):
        c[cid] = control(sp, cid, "ac", "Access Control", title=title)
    c["ac-2.1"] = control(sp, "ac-2.1", "ac", "Access Control", parent=c["ac-2"], title="Automated Account Management")
    c["au-2"] = control(sp, "au-2", "au", "Audit and Accountability", title="Event Logging")
    return c


def _template(version, catalog, mapping):
    """mapping: code -> (answer type, weight, [control ids])."""
    template = QuestionnaireTemplate.objects.create(name="Coverage test", version=version, status="published")
    for order, (code, (answer_type, weight, controls)) in enumerate(mapping.items(), start=1):
        question = Question.objects.create(template=template, order=order, code=code, text=f"Question {code}?",
                                           answer_type=answer_type, weight=weight)
        question.controls.set([catalog[c] for c in controls])
    return template


YN = "yes_no_partial_na"
V1 = {
    "Q1": (YN, 5, ["PR.AA-01", "ac-1"]),
    "Q2": (YN, 5, ["PR.AA-02", "ac-2"]),
    "Q3": (YN, 5, ["PR.AA-03", "ac-3"]),
    "Q4": (YN, 5, ["ac-3"]),  # a second question on ac-3: the control earns the mean of both
    "Q5": (YN, 5, ["au-2"]),
    "Q6": ("evidence_file", 2, ["GV.SC-01"]),  # mapped, but a document earns no credit
    "Q7": (YN, 0, ["ac-2.1"]),  # informational (weight 0): no credit either way
}
# Version 2 maps Q1 to PR.AA-02 instead of PR.AA-01.
V2 = {**V1, "Q1": (YN, 5, ["PR.AA-02", "ac-1"])}


@pytest.fixture
def templates(catalog):
    return _template(1, catalog, V1), _template(2, catalog, V2)


def _accepted(supplier, template, answers, *, days_ago=1):
    at = timezone.now() - dt.timedelta(days=days_ago)
    assessment = Assessment.objects.create(supplier=supplier, template=template, status="accepted",
                                           submitted_at=at, accepted_at=at, locked=True)
    questions = {q.code: q for q in template.questions.all()}
    Answer.objects.bulk_create(Answer(assessment=assessment, question=questions[code], value=value)
                               for code, value in answers.items())
    return assessment


@pytest.fixture
def portfolio(templates, supplier_factory, home_supplier):
    """A (tier 1, home supplier): 2 of 3 PR.AA subcategories yes + 1 partial; B (tier 2 by override):
    mostly no; C (tier 3) answered on version 2. A's older, all-"no" assessment is superseded."""
    v1, v2 = templates
    a, b, c = home_supplier, supplier_factory(), supplier_factory()
    SupplierRiskProfile.objects.create(supplier=a, tier=1)
    SupplierRiskProfile.objects.create(supplier=b, tier=3, tier_override=2, tier_override_reason="critical software")
    SupplierRiskProfile.objects.create(supplier=c, tier=3)
    _accepted(a, v1, {code: "no" for code in V1 if code != "Q6"}, days_ago=400)
    _accepted(a, v1, {"Q1": "yes", "Q2": "yes", "Q3": "partial", "Q4": "yes", "Q5": "na", "Q6": None, "Q7": "no"})
    _accepted(b, v1, {"Q1": "no", "Q2": "partial", "Q3": "no", "Q4": "no", "Q5": "yes", "Q7": "yes"})
    _accepted(c, v2, {"Q1": "yes"})
    return a, b, c


def _rows(coverage, framework, level):
    found = next(lv for lv in coverage.levels if lv.framework.key == framework and lv.level.key == level)
    return {row.key: row for row in found.rows} | {"all": found.overall}


def test_supplier_coverage_is_the_mean_credit_of_its_answered_controls(portfolio, analyst):
    a, _b, _c = portfolio
    _supplier, assessment, coverage = supplier_coverage(user=analyst, supplier_id=a.pk)
    assert assessment.accepted_at > timezone.now() - dt.timedelta(days=2)  # the latest, not the one 400 days old
    pr = _rows(coverage, "csf", "function")["PR"]
    # PR.AA-01 yes 1, PR.AA-02 yes 1, PR.AA-03 partial 0.5: (1 + 1 + 0.5) / 3
    assert pr.mean_coverage == 83.3 and pr.controls_mapped == 3 and pr.controls_answered == 3
    assert _rows(coverage, "csf", "category")["PR.AA"].mean_coverage == 83.3
    # GV.SC-01 is mapped only by a document question: mapped, never answered, no coverage figure
    gv = _rows(coverage, "csf", "function")["GV"]
    assert (gv.controls_mapped, gv.controls_answered, gv.mean_coverage, gv.suppliers_assessed) == (1, 0, None, 0)
    ac = _rows(coverage, "sp800-53", "family")["AC"]
    # ac-1 1, ac-2 1, ac-3 mean(partial 0.5, yes 1) = 0.75; ac-2.1 only informational (excluded)
    assert ac.mean_coverage == round(100 * (1 + 1 + 0.75) / 3, 1) == 91.7
    assert (ac.controls_mapped, ac.controls_answered, ac.controls_in_catalog) == (4, 3, 3)
    # AU's only answer is "not applicable": left out, so AU has no coverage rather than 0 %
    au = _rows(coverage, "sp800-53", "family")["AU"]
    assert au.mean_coverage is None and au.suppliers_assessed == 0


def test_portfolio_means_suppliers_and_counts_those_below_half(portfolio, analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        coverage = portfolio_coverage(user=analyst)
    assert coverage.assessments == 3
    pr = _rows(coverage, "csf", "function")["PR"]
    # A 83.33, B (0 + 0.5 + 0) / 3 = 16.67, C (version 2: Q1 yes now evidences PR.AA-02) 100
    assert pr.mean_coverage == round((250 / 3 + 50 / 3 + 100) / 3, 1) == 66.7
    assert (pr.suppliers_assessed, pr.below_half) == (3, 1)
    au = _rows(coverage, "sp800-53", "family")["AU"]
    assert (au.suppliers_assessed, au.mean_coverage, au.below_half) == (1, 100.0, 0)  # B's yes; A's na left out
    assert _rows(coverage, "sp800-53", "family")["AC"].controls_answered == 3


def test_each_assessment_is_read_with_its_own_template_versions_mapping(portfolio, analyst):
    _a, _b, c = portfolio
    _supplier, _assessment, coverage = supplier_coverage(user=analyst, supplier_id=c.pk)
    pr = _rows(coverage, "csf", "function")["PR"]
    assert (pr.controls_answered, pr.mean_coverage) == (1, 100.0)
    kind, level, title, rows = group_controls(assessments=latest_accepted(user=analyst, supplier_id=c.pk),
                                              framework="csf", level="category", group="PR.AA")
    by_id = {row.control.control_id: row for row in rows}
    assert title == "Identity Management, Authentication, and Access Control"
    assert by_id["PR.AA-02"].mean_coverage == 100.0 and by_id["PR.AA-02"].suppliers_assessed == 1
    assert by_id["PR.AA-01"].suppliers_assessed == 0  # version 1 maps Q1 here; C answered version 2
    assert [q[1] for q in by_id["PR.AA-02"].questions] == ["Q1", "Q2"]
    # Across the portfolio, PR.AA-01 was answered by A and B only (version 1), PR.AA-02 by all three.
    _k, _l, _t, rows = group_controls(assessments=latest_accepted(user=analyst), framework="csf",
                                      level="category", group="PR.AA")
    by_id = {row.control.control_id: row for row in rows}
    assert (by_id["PR.AA-01"].suppliers_assessed, by_id["PR.AA-01"].mean_coverage) == (2, 50.0)
    # PR.AA-02: A yes 1, B partial 0.5, C mean(Q1 yes, no Q2 answer) = 1
    assert (by_id["PR.AA-02"].suppliers_assessed, by_id["PR.AA-02"].mean_coverage) == (3, round(250 / 3, 1))


def test_tier_filter_uses_the_effective_security_tier(portfolio, analyst):
    coverage = portfolio_coverage(user=analyst, filters=CoverageFilter(tier=(2,)))
    assert coverage.assessments == 1  # B: tier 3 overridden to 2
    assert _rows(coverage, "csf", "function")["PR"].mean_coverage == 16.7
    only_csf = portfolio_coverage(user=analyst, filters=CoverageFilter(framework="csf", tier=(1, 3)))
    assert only_csf.assessments == 2 and {lv.framework.key for lv in only_csf.levels} == {"csf"}


def test_gaps_are_the_assessable_controls_no_question_maps(portfolio, analyst):
    _k, _l, title, rows = group_controls(assessments=latest_accepted(user=analyst), framework="sp800-53",
                                         level="family", group="AC")
    assert title == "Access Control"
    assert [(r.control.control_id, r.mapped) for r in rows] == [
        ("ac-1", True), ("ac-2", True), ("ac-3", True), ("ac-2.1", True)]
    Control.objects.create(framework=Framework.objects.get(name__contains="800-53"), control_id="ac-4",
                           label="AC-4", title="Information Flow Enforcement", group_path="ac",
                           group_title="Access Control", sort_order=500)
    _k, _l, _t, rows = group_controls(assessments=latest_accepted(user=analyst), framework="sp800-53",
                                      level="family", group="AC")
    assert rows[-1].control.control_id == "ac-4" and not rows[-1].mapped and rows[-1].mean_coverage is None


def test_pages_show_the_same_numbers(portfolio, analyst, templates, django_assert_max_num_queries):
    a, _b, _c = portfolio
    client = Client()
    client.force_login(analyst)
    with django_assert_max_num_queries(20):  # a fixed number, whatever the number of suppliers
        page = client.get("/security/coverage/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count('<img class="chart"') == 3
    assert "66.7 %" in html and "Control coverage by CSF 2.0 function" in html
    assert client.get("/security/coverage/?tier=2").context["coverage"].assessments == 1
    bad = client.get("/security/coverage/?tier=7")
    assert bad.status_code == 200 and "tier must be whole numbers 1 to 4" in bad.content.decode()
    supplier_page = client.get(f"/security/suppliers/{a.pk}/coverage/").content.decode()
    assert "83.3 %" in supplier_page and "91.7 %" in supplier_page and supplier_page.count("<img class=\"chart\"") == 3
    drill = client.get("/security/coverage/controls/?framework=sp800-53&level=family&group=AC")
    assert drill.status_code == 200 and "Q4" in drill.content.decode()
    assert client.get("/security/coverage/controls/?framework=sp800-53&level=family&group=ZZ").status_code == 404
    v1, v2 = templates
    mapping = client.get(f"/security/templates/{v2.pk}/mapping/").content.decode()
    assert 'data-question="Q1"' in mapping and "PR.AA-02" in mapping and "Access Enforcement" in mapping
    assert client.get("/security/templates/999999/mapping/").status_code == 404
    assert f"security/templates/{v1.pk}/mapping/" in page.content.decode()


def test_api_equals_the_page(portfolio, analyst, api_client_for):
    client = Client()
    client.force_login(analyst)
    page = client.get("/security/coverage/?tier=1&tier=2").context["coverage"]
    api = api_client_for(analyst).get("/api/v1/security/coverage?tier=1&tier=2")
    assert api.status_code == 200
    body = api.json()
    assert body["suppliers"] == page.assessments == 2 and body["tier"] == [1, 2]
    for level, shown in zip(body["levels"], page.levels, strict=True):
        assert [(g["key"], g["mean_coverage"], g["below_half"], g["suppliers_assessed"]) for g in level["groups"]] == [
            (r.key, r.mean_coverage, r.below_half, r.suppliers_assessed) for r in shown.rows]
        assert level["overall"]["mean_coverage"] == shown.overall.mean_coverage
    csf = api_client_for(analyst).get("/api/v1/security/coverage?framework=csf").json()
    assert {lv["framework"] for lv in csf["levels"]} == {"csf"}
    assert api_client_for(analyst).get("/api/v1/security/coverage?framework=iso").status_code == 422
    assert api_client_for(analyst).get("/api/v1/security/coverage?tier=9").status_code == 422


def test_api_scope_supplier_sees_its_own_customer_none(portfolio, role_users, api_client_for):
    a, b, _c = portfolio  # a is the respondent's own supplier
    respondent = api_client_for(role_users["supplier_respondent"])
    own = respondent.get(f"/api/v1/security/suppliers/{a.pk}/coverage")
    assert own.status_code == 200
    body = own.json()
    assert body["supplier_id"] == a.pk and body["suppliers"] == 1
    pr = next(g for lv in body["levels"] if lv["level"] == "function" for g in lv["groups"] if g["key"] == "PR")
    assert pr["mean_coverage"] == 83.3
    assert respondent.get(f"/api/v1/security/suppliers/{b.pk}/coverage").status_code == 404
    assert respondent.get("/api/v1/security/coverage").status_code == 403
    customer = api_client_for(role_users["customer_viewer"])
    assert customer.get(f"/api/v1/security/suppliers/{a.pk}/coverage").status_code == 403
    assert customer.get("/api/v1/security/coverage").status_code == 403
    page = Client()
    page.force_login(role_users["supplier_respondent"])
    assert page.get("/security/coverage/").status_code == 403


@pytest.fixture
def analyst(role_users):
    return role_users["risk_analyst"]
