"""The security dashboard (plots) and a supplier's security page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from steadfast.core.charts import bar_chart, heatmap, line_chart
from steadfast.core.decorators import policy_required
from steadfast.security.selectors import dashboard as stats
from steadfast.security.selectors.counts import finding_counts
from steadfast.security.selectors.workflow import overdue_findings
from steadfast.security.services.cadence import cadence_months


def _short(name: str, limit: int = 16) -> str:
    """A bar label that fits under its bar (the campaigns page has the full names)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


@policy_required("security", "view")
def dashboard(request):
    user = request.user
    tiers = stats.risk_by_tier(user=user)
    countries = stats.risk_by_country(user=user)
    ages = stats.findings_by_severity_and_age(user=user)
    trend = stats.score_trend(user=user)
    campaigns = stats.campaign_progress(user=user)
    plots = {
        "heatmap": heatmap(stats.risk_heatmap(user=user), title="Inherent vs residual risk (latest accepted assessment)",
                           x_label="residual risk (score band)", y_label="inherent risk (score band)"),
        "tiers": bar_chart([(f"T{t['tier']}", t["inherent"]) for t in tiers], second=[t["residual"] for t in tiers],
                           series=("mean inherent risk", "mean residual risk"), x_label="security tier",
                           y_label="risk score (0–100)", title="Mean inherent and residual risk by security tier"),
        "countries": bar_chart([(c["country"], c["inherent"]) for c in countries], x_label="country",
                               y_label="risk score (0–100)", title="Mean inherent risk by country"),
        "findings": bar_chart([(sev, sum(counts)) for sev, counts in ages.items()], x_label="severity",
                              y_label="open findings", title="Open findings by severity"),
        "trend": line_chart({"mean score": [(t["month"], t["score"]) for t in trend]}, x_label="month",
                            y_label="score (0–100)", y_max=100, title="Mean score of accepted assessments by month"),
        "campaigns": bar_chart([(_short(c["name"]), c["accepted"]) for c in campaigns],
                               second=[c["total"] for c in campaigns], series=("accepted", "all assessments"),
                               y_label="assessments", title="Campaigns: accepted of all"),
    }
    return render(request, "security/workflow/dashboard.html", {
        "plots": plots, "tiers": tiers, "countries": countries, "ages": ages, "age_labels": [b[2] for b in stats.AGE_BUCKETS],
        "campaigns": campaigns, "trend": trend,
        "overdue_findings": overdue_findings(user=user)[:20], "overdue_assessments": stats.overdue_assessments(user=user)[:20],
        "today": timezone.localdate(), "counts": finding_counts(user=user),
        "figures": stats.figures(user=user, start=stats.one_year_before(timezone.localdate()),
                                 end=timezone.localdate()),
    })


@policy_required("security", "view")
def supplier_security(request, supplier_id: int):
    data = stats.supplier_security(user=request.user, supplier_id=supplier_id)
    profile = data.get("profile")
    data["cadence"] = cadence_months(profile.effective_tier) if profile and profile.effective_tier else None
    data["trend_plot"] = line_chart({"score": [(t["month"], t["score"]) for t in data["trend"]]}, x_label="month",
                                    y_label="score (0–100)", y_max=100, title="Assessment score over time")
    return render(request, "security/workflow/supplier.html", data)

