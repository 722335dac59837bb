"""Major incidents supported, MTTA/MTTR by severity, obligations met: figures with charts."""

from __future__ import annotations

from django.shortcuts import render

from steadfast.core.charts import bar_chart
from steadfast.core.decorators import policy_required
from steadfast.incidents.selectors.figures import incident_figures


def _charts(figures: dict) -> dict:
    severities = figures["by_severity"]
    labels = [r["severity"] for r in severities]
    return {
        "mttr": bar_chart([(s, r["mttr_p50_hours"] or 0) for s, r in zip(labels, severities, strict=True)],
                          second=[r["mttr_p90_hours"] or 0 for r in severities], series=("p50", "p90"),
                          x_label="severity", y_label="time to resolve (hours)",
                          title="Time to resolve by severity", testid="mttr-plot"),
        "mtta": bar_chart([(s, r["mtta_p50_minutes"] or 0) for s, r in zip(labels, severities, strict=True)],
                          second=[r["mtta_p90_minutes"] or 0 for r in severities], series=("p50", "p90"),
                          x_label="severity", y_label="time to acknowledge (minutes)",
                          title="Time to acknowledge by severity"),
        "years": bar_chart([(str(y), n) for y, n in figures["per_year"]], x_label="year", y_label="major incidents",
                           title="Major incidents supported per year", testid="year-plot"),
        "hazards": bar_chart([(label.split(" /")[0], n) for label, n in figures["hazards"]], x_label="hazard",
                             y_label="major incidents", title="Major incidents by hazard"),
    }


@policy_required("incidents.figures", "view")
def figures(request):
    figures = incident_figures(user=request.user)
    return render(request, "incidents/figures.html", {"figures": figures, "charts": _charts(figures)})
