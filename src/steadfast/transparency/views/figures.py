"""The figures computed from the records (live), the drill-down behind each, and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import CHANGE, can
from steadfast.transparency.forms import PublishForm
from steadfast.transparency.selectors import publications as pubs
from steadfast.transparency.selectors.figures import Period, compute, compute_all
from steadfast.transparency.services.publications import publish


def _period(request) -> Period:
    raw = request.GET.get("period", "")
    this = timezone.localdate().year
    year = int(raw) if raw.isdigit() and this - 50 <= int(raw) <= this else this
    return Period.year(year)


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


@policy_required("transparency", "view")
def figures(request):
    period = _period(request)
    return render(request, "transparency/figures/index.html", {
        "period": period, "years": _years(), "computed": compute_all(user=request.user, period=period),
        "publications": pubs.publications()[:50], "form": PublishForm(initial={"year": period.start.year}),
        "can_publish": can(request.user, "transparency", CHANGE)})


@policy_required("transparency", "view")
def figure_detail(request, name: str):
    period = _period(request)
    return render(request, "transparency/figures/detail.html", {
        "period": period, "years": _years(), "computed": compute(user=request.user, name=name, period=period)})


@require_POST
@policy_required("transparency", "change")
def publish_figures(request):
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            publication = publish(actor=request.user, period=Period.year(form.cleaned_data["year"]),
                                  supersedes=form.cleaned_data["supersedes"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Published the figures for {publication.period_label}: sha256 {publication.sha256}")
            return redirect("transparency:figures")
    period = Period.year(timezone.localdate().year)
    return render(request, "transparency/figures/index.html", {
        "period": period, "years": _years(), "computed": compute_all(user=request.user, period=period),
        "publications": pubs.publications()[:50], "form": form, "can_publish": True}, status=422)
