"""Major incidents supported, MTTA/MTTR by severity, obligations met: figures with plots."""

from __future__ import annotations

from django.shortcuts import render

from steadfast.core.decorators import policy_required
from steadfast.incidents.selectors.figures import incident_figures


@policy_required("incidents.figures", "view")
def figures(request):
    return render(request, "incidents/figures.html", {"figures": incident_figures(user=request.user)})
