"""Pages: upload a file to import (checked, then applied all or nothing), its report, template
files, and exports in the user's scope."""

from __future__ import annotations

import csv
import io

from django import forms
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from steadfast.core import selectors as core_selectors
from steadfast.core.decorators import policy_required
from steadfast.core.roles import Role
from steadfast.core.scoping import is_scoped
from steadfast.network.exports import (
    FORMATS,
    content_type,
    export_filename,
    export_rows,
    write_template,
    write_xlsx,
)
from steadfast.network.exports.tables import cell_text
from steadfast.network.importers import KINDS, SPECS, run_import, size_problem
from steadfast.network.tasks import IMPORT_JOB, save_upload, start_import_job, upload_path

# CSV files up to this size (about 2,000 rows) are checked and applied in the request: the report is
# on screen at once. Bigger ones, and every XLSX workbook (a zip: never unpacked in the web process),
# go to the background worker with a progress bar.
INLINE_IMPORT_BYTES = 256 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS], label="What the file holds")
    file = forms.FileField(label="CSV (UTF-8) or XLSX file")
    dry_run = forms.BooleanField(required=False, initial=True, label="Dry run: check and report, change nothing")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


def _kind_links():
    return [{"kind": kind, "columns": ", ".join(SPECS[kind].column_names),
             "required": ", ".join(SPECS[kind].required_columns)} for kind in KINDS]


@policy_required("network.import", "change")
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        kind, upload, dry_run = form.cleaned_data["kind"], form.cleaned_data["file"], form.cleaned_data["dry_run"]
        stored = save_upload(upload)
        with upload_path(stored).open("rb") as head:
            is_archive = head.read(len(ZIP_MAGIC)) == ZIP_MAGIC
        if upload.size > INLINE_IMPORT_BYTES or is_archive:
            job = start_import_job(actor=request.user, kind=kind, stored_name=stored, filename=upload.name,
                                   dry_run=dry_run)
            return redirect("network:import-job", job_id=job.pk)
        path = upload_path(stored)
        try:
            report = run_import(kind=kind, path=path, actor=request.user, dry_run=dry_run,
                                filename=upload.name).as_dict()
        finally:
            path.unlink(missing_ok=True)
    return render(request, "network/import.html", {"form": form, "report": report, "kinds": _kind_links(),
                                                   "formats": FORMATS})


@policy_required("network.import", "view")
def import_job(request, job_id: int):
    job = core_selectors.job(user=request.user, job_id=job_id)
    if job.kind != IMPORT_JOB:
        raise Http404("not an import")
    context = {"job": job, "report": job.result if job.status == job.Status.SUCCEEDED else None,
               "poll_url": reverse("network:import-job", args=[job.pk])}
    if request.htmx:
        return render(request, "network/import_job_status.html", context)
    return render(request, "network/import_job.html", context)


def _kind_and_format(request) -> tuple[str, str] | HttpResponse:
    kind, fmt = request.GET.get("kind", ""), request.GET.get("format", "csv")
    if kind not in KINDS:
        return HttpResponseBadRequest(f"Unknown kind {kind!r}: use one of {', '.join(KINDS)}.",
                                      content_type="text/plain; charset=utf-8")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(f"Unknown format {fmt!r}: use csv or xlsx.", content_type="text/plain; charset=utf-8")
    return kind, fmt


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@policy_required("network.import", "view")
def import_template(request):
    chosen = _kind_and_format(request)
    if isinstance(chosen, HttpResponse):
        return chosen
    kind, fmt = chosen
    buffer = io.StringIO() if fmt == "csv" else io.BytesIO()
    write_template(kind, fmt, buffer)
    body = buffer.getvalue().encode("utf-8") if fmt == "csv" else buffer.getvalue()
    return _attachment(HttpResponse(body, content_type=content_type(fmt)), export_filename(kind, fmt, template=True))


def exportable_kinds(user) -> list[str]:
    """Kinds a user's scope reaches: everything, or the kinds that name a path to their supplier or
    customer (others would always be empty for them)."""
    if not is_scoped(user):
        return list(KINDS)
    if user.role == Role.SUPPLIER_RESPONDENT:
        return [kind for kind in KINDS if SPECS[kind].supplier_scope]
    return [kind for kind in KINDS if SPECS[kind].customer_scope]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(kind: str, user):
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(SPECS[kind].column_names)
    for row in export_rows(kind, user=user):
        yield writer.writerow([cell_text(value) for value in row])


@policy_required("network.export", "view")
def export_page(request):
    if "kind" not in request.GET:
        return render(request, "network/export.html", {"kinds": exportable_kinds(request.user), "formats": FORMATS})
    chosen = _kind_and_format(request)
    if isinstance(chosen, HttpResponse):
        return chosen
    kind, fmt = chosen
    filename = export_filename(kind, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_stream(kind, request.user), content_type=content_type(fmt))
        return _attachment(response, filename)
    buffer = io.BytesIO()
    write_xlsx(kind, buffer, user=request.user)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=content_type(fmt)), filename)


# Mounted by network/urls.py under the "network" namespace (network:import, network:export, …).
urlpatterns = [
    path("import/", import_page, name="import"),
    path("import/template/", import_template, name="import-template"),
    path("import/jobs/<int:job_id>/", import_job, name="import-job"),
    path("export/", export_page, name="export"),
]
