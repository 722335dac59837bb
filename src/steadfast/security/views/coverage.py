"""Control coverage pages: the portfolio, one supplier, a group's controls, a template's mapping."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from steadfast.core.charts import PALETTE, Chart
from steadfast.core.decorators import policy_required
from steadfast.security.selectors import coverage as select
from steadfast.security.selectors.control_mapping import get_template, list_templates, template_mapping


def _filters(request) -> select.CoverageFilter:
    try:
        return select.CoverageFilter.from_params(request.GET)
    except ValidationError as exc:
        messages.error(request, f"Filter ignored: {' '.join(exc.messages)}")
        return select.CoverageFilter()


def _chart(level: select.LevelCoverage, *, second, series: tuple[str, str], testid: str) -> Chart:
    """Paired bars per group on a fixed 0-100 % axis (coverage is a share: a half-full bar must look
    half full), the legend above the plot so that it never hides a bar."""
    labels = [row.key for row in level.rows]
    columns = ([row.mean_coverage or 0 for row in level.rows], list(second))
    title = f"Control coverage by {level.level.label}"

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10, pad=22)
        for k, values in enumerate(columns):
            offset = (k - 0.5) * 0.4
            ax.bar([x + offset for x in range(len(labels))], values, 0.4, label=series[k], color=PALETTE[k])
        ax.set_xticks(list(range(len(labels))), labels)
        if len(labels) > 10:
            ax.tick_params(axis="x", labelrotation=60)
        ax.set_ylim(0, 100)
        ax.set_ylabel("% (0–100)")
        ax.set_xlabel(level.level.label)
        ax.legend(frameon=False, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8)

    return Chart(title, draw, width=max(5.6, 0.3 * len(labels) + 2), height=3.2, testid=testid)


@policy_required("security", "view")
def coverage_page(request):
    filters = _filters(request)
    coverage = select.portfolio_coverage(user=request.user, filters=filters)
    charts = [_chart(level, second=[100.0 * r.below_half / r.suppliers_assessed if r.suppliers_assessed else 0
                                    for r in level.rows],
                     series=("mean coverage", "suppliers below 50 % (share)"),
                     testid=f"coverage-chart-{level.framework.key}-{level.level.key}") for level in coverage.levels]
    return render(request, "security/coverage/portfolio.html", {
        "coverage": coverage, "sections": list(zip(coverage.levels, charts, strict=True)), "filters": filters,
        "frameworks": select.FRAMEWORKS.values(), "templates": list_templates(user=request.user), "tier_query": "".join(f"&tier={t}" for t in filters.tier)})


@policy_required("security", "view")
def supplier_coverage_page(request, supplier_id: int):
    supplier, assessment, coverage = select.supplier_coverage(user=request.user, supplier_id=supplier_id)
    portfolio = select.portfolio_coverage(user=request.user)
    means = {(lv.framework.key, lv.level.key): {r.key: r.mean_coverage or 0 for r in lv.rows} for lv in portfolio.levels}
    charts = [_chart(level, second=[means[(level.framework.key, level.level.key)].get(r.key, 0) for r in level.rows],
                     series=("this supplier", "portfolio mean"),
                     testid=f"coverage-chart-{level.framework.key}-{level.level.key}") for level in coverage.levels]
    return render(request, "security/coverage/supplier.html", {
        "supplier": supplier, "assessment": assessment, "coverage": coverage,
        "sections": list(zip(coverage.levels, charts, strict=True))})


@policy_required("security", "view")
def coverage_group(request):
    """?framework=&level=&group= [&supplier=] [&tier=]: the controls of one group."""
    filters = _filters(request)
    supplier = None
    if request.GET.get("supplier"):
        try:
            supplier = select.get_supplier(user=request.user, supplier_id=int(request.GET["supplier"]))
        except ValueError:
            raise Http404("no such supplier") from None
    assessments = select.latest_accepted(user=request.user, tiers=() if supplier else filters.tier,
                                         supplier_id=supplier.pk if supplier else None)
    try:
        kind, level, title, rows = select.group_controls(
            assessments=assessments, framework=request.GET.get("framework", ""), level=request.GET.get("level", ""),
            group=request.GET.get("group", ""))
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from None
    return render(request, "security/coverage/group.html", {
        "kind": kind, "level": level, "group": request.GET.get("group"), "title": title, "rows": rows,
        "supplier": supplier, "filters": filters, "assessed": assessments.count()})


@policy_required("security", "view")
def template_mapping_page(request, template_id: int):
    template = get_template(user=request.user, template_id=template_id)
    questions, groups = template_mapping(template=template)
    return render(request, "security/coverage/mapping.html", {
        "template": template, "questions": questions, "groups": groups,
        "mapped_questions": sum(1 for q in questions if q.controls)})
