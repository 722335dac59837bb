"""Full analysis runs: start one, watch its progress, read its results ranked by REI, compare runs."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.continuity import forms, plots
from steadfast.continuity.selectors import runs as selectors
from steadfast.continuity.services import runs as services
from steadfast.continuity.views.common import CHANGE, VIEW, can_change
from steadfast.core.decorators import policy_required
from steadfast.core.tables import Column, Table


@policy_required(*VIEW)
def run_list(request):
    return render(request, "continuity/runs.html", {
        "runs": selectors.runs(user=request.user)[:50], "form": forms.RunForm(), "can_change": can_change(request)})


@require_POST
@policy_required(*CHANGE)
def run_start(request):
    form = forms.RunForm(request.POST)
    if form.is_valid():
        try:
            run = services.start_analysis_run(actor=request.user, label=form.cleaned_data["label"] or "",
                                              default_ttr_days=form.cleaned_data["default_ttr_days"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Started {run.label}: the worker analyses every source and site.")
            return redirect("continuity:run", run_id=run.pk)
    return render(request, "continuity/runs.html", {
        "runs": selectors.runs(user=request.user)[:50], "form": form, "can_change": True}, status=422)


RESULT_COLUMNS = [Column("ref", "Source or site", "ref", link="page_url"), Column("get_kind_display", "Kind", "kind"),
                  Column("ttr_days", "TTR (days)", "ttr_days", numeric=True),
                  Column("tts_text", "TTS (days)", "tts_days", numeric=True),
                  Column("pi", "PI (margin lost)", "pi", numeric=True), Column("rei", "REI", "rei", numeric=True),
                  Column("at_risk", "At risk", "at_risk")]


@policy_required(*VIEW)
def run_detail(request, run_id: int):
    run = selectors.run(user=request.user, run_id=run_id)
    kind = request.GET.get("kind", "")
    at_risk = {"yes": True, "no": False}.get(request.GET.get("at_risk", ""))
    context = {"run": run, "progress": selectors.progress(run), "kind": kind, "at_risk": request.GET.get("at_risk", ""),
               "q": request.GET.get("q", "")}
    if run.status == run.Status.SUCCEEDED:
        rows = selectors.results(user=request.user, run_id=run.pk, kind=kind, at_risk=at_risk, search=context["q"])
        context["table"] = Table(request, rows, RESULT_COLUMNS, default_order="-rei")
        top = list(selectors.results(user=request.user, run_id=run.pk, kind=kind or "site")[:400]
                   .values_list("ref", "ttr_days", "tts_days", "at_risk"))
        context["chart"] = plots.tts_vs_ttr(top, title="TTS against TTR, the 400 highest-REI scenarios")
        previous = selectors.runs(user=request.user).filter(status=run.Status.SUCCEEDED, pk__lt=run.pk).first()
        if previous is not None:
            context["previous"] = previous
            context["worse"] = selectors.compare(user=request.user, run_id=run.pk, previous_id=previous.pk, limit=25)
    return render(request, "continuity/run_detail.html", context)


@policy_required(*VIEW)
def run_progress(request, run_id: int):
    run = selectors.run(user=request.user, run_id=run_id)
    return render(request, "continuity/_run_progress.html", {"run": run, "progress": selectors.progress(run)})


class _Echo:
    def write(self, value):
        return value


@policy_required(*VIEW)
def run_export(request, run_id: int):
    run = selectors.run(user=request.user, run_id=run_id)
    writer = csv.writer(_Echo())
    rows = selectors.results(user=request.user, run_id=run.pk).values_list(
        "kind", "ref", "ttr_days", "tts_days", "pi", "rei", "at_risk")

    def lines():
        yield writer.writerow(["kind", "ref", "ttr", "tts", "pi", "rei", "at_risk"])
        for kind, ref, ttr, tts, pi, rei, at_risk in rows.iterator(chunk_size=5000):
            yield writer.writerow([kind, ref, ttr, "inf" if tts is None else tts, pi, rei, "true" if at_risk else "false"])

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="continuity-run-{run.pk}.csv"'
    return response
