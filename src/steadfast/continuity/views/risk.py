"""The dashboard and the hazard money page (event loss table, Monte Carlo years, exceedance)."""

from __future__ import annotations

from django.shortcuts import render
from django.templatetags.static import static

from steadfast.continuity import plots
from steadfast.continuity.selectors import bcm as bcm_selectors
from steadfast.continuity.selectors import plans as plan_selectors
from steadfast.continuity.selectors import risk as risk_selectors
from steadfast.continuity.selectors import runs as run_selectors
from steadfast.continuity.views.common import VIEW, can_change
from steadfast.core.decorators import policy_required


def _run_label(run) -> str:
    return f"{run.finished_at:%Y-%m-%d} #{run.pk}" if run.finished_at else f"#{run.pk}"


@policy_required(*VIEW)
def dashboard(request):
    latest = run_selectors.latest_run(user=request.user)
    ranked = plan_selectors.ranked_scenarios(user=request.user)
    trend = risk_selectors.aal_trend(user=request.user)
    return render(request, "continuity/dashboard.html", {
        "figures": plan_selectors.figures(user=request.user), "latest": latest, "ranked": ranked[:10],
        "trend": trend, "can_change": can_change(request),
        "trend_chart": plots.aal_trend([(_run_label(run), aal) for run, aal in trend]) if trend else None,
        "bcm_overdue": len(bcm_selectors.overdue_documents(user=request.user)),
        "country_shades": risk_selectors.country_shades(
            risk_selectors.expected_loss_by_country(user=request.user, run=trend[-1][0])) if trend else None,
        "world_url": static("network/world.json"),
        "runs": run_selectors.runs(user=request.user)[:5]})


@policy_required(*VIEW)
def hazard_risk(request):
    run = risk_selectors.latest_with_events(user=request.user)
    latest = run_selectors.latest_run(user=request.user)
    context = {"run": run, "pending": latest if latest is not None and latest != run and latest.event_job_id else None}
    if run is not None:
        try:
            years = min(max(int(request.GET.get("years", 10_000)), 1), 200_000)
            seed = max(int(request.GET.get("seed", 1)), 0)
        except ValueError:
            years, seed = 10_000, 1
        answer = risk_selectors.simulation(user=request.user, run=run, years=years, seed=seed)
        context.update({
            "answer": answer, "years": years, "seed": seed,
            "curve": plots.exceedance({"OEP (largest event of a year)": answer["oep"], "AEP (a year's total)": answer["aep"]},
                                      title="Loss exceedance curves"),
            "by_hazard": plots.bars(list(answer["contributions"]["hazard"].items()), title="AAL by hazard"),
            "top_countries": list(answer["contributions"]["country"].items())[:15],
            "top_suppliers": list(answer["contributions"]["supplier"].items())[:15],
            "top_events": sorted(answer["events"], key=lambda e: -e["rate"] * e["loss"])[:20],
            "country_shades": risk_selectors.country_shades(answer["contributions"]["country"]),
        })
    return render(request, "continuity/hazard_risk.html", context)
