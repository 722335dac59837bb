"""The map's supplier, site and item lists with the latest run's standing: filters (REI at least X,
at risk only) and the filtered list as CSV or XLSX (`?export=csv|xlsx` on the list's own URL, so the
export carries exactly the filters and the sort on screen).

The network app's list views call `map_list_page`; without a run or continuity access the lists
are as before (no extra filters, no continuity columns)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from steadfast.continuity.selectors.runs import AT_RISK_FIELD, filter_standing, latest_run
from steadfast.core.exports import csv_rows, xlsx_row
from steadfast.core.policy import VIEW, can
from steadfast.core.tables import Column, Table

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def shows_standing(user) -> bool:
    return can(user, "continuity", VIEW) and latest_run(user=user) is not None


def filter_form(form_class, request):
    """The list's filter form, with the continuity filters added for those who see the latest run."""
    form = form_class(request.GET or None)
    if shows_standing(request.user):
        form.fields["rei_min"] = forms.FloatField(required=False, min_value=0, max_value=1, label="REI at least",
                                                  widget=forms.NumberInput(attrs={"step": "0.05", "min": 0, "max": 1}))
        form.fields["at_risk"] = forms.BooleanField(required=False, label="At risk only (TTS < TTR)")
    return form


def narrowed(queryset, form):
    """The annotated list narrowed by the continuity filters of the form (if it has them)."""
    if "rei_min" not in form.fields:
        return queryset
    return filter_standing(queryset, rei_min=form.value("rei_min"), at_risk_only=bool(form.value("at_risk")))


def map_list_page(request, *, title: str, filter_form, rows: Callable, columns: list[Column], default_order: str,
                  create_url: str | None, can_create: bool, export_name: str):
    """The list page (as network's `list_page`), or with `?export=csv|xlsx` the whole filtered list."""
    queryset = rows(filter_form)
    fmt = request.GET.get("export", "")
    may_export = can(request.user, "network.export", VIEW)
    if fmt:
        if not may_export:
            raise PermissionDenied
        if fmt not in EXPORT_FORMATS:
            return HttpResponse(f"export: use csv or xlsx, not {fmt[:20]!r}", status=400,
                                content_type="text/plain; charset=utf-8")
        return _export(request, fmt, queryset, columns, default_order, export_name)
    table = Table(request, queryset, columns, default_order=default_order)
    params = {k: v for k, v in request.GET.items() if v and k not in ("page", "export")}
    exports = [(name.upper(), "?" + urlencode({**params, "export": name})) for name in EXPORT_FORMATS] if may_export else []
    return render(request, "continuity/map_list.html", {
        "title": title, "form": filter_form, "table": table, "intro": "",
        "create_url": create_url if create_url and can_create else None, "exports": exports,
    })


def _cell(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _export(request, fmt, queryset, columns, default_order, name):
    table = Table(request, queryset, columns, default_order=default_order)
    ordered = table.page.paginator.object_list  # the sort on screen, every page
    header = [c.label for c in columns]
    at_risk = AT_RISK_FIELD in queryset.query.annotations
    if at_risk:
        header.append("At risk (TTS < TTR)")

    def lines():
        for obj in ordered.iterator(chunk_size=2000):
            row = []
            for column in columns:
                value = obj
                for part in column.key.split("."):
                    value = getattr(value, part, None) if value is not None else None
                    if callable(value):
                        value = value()
                row.append(_cell(value))
            if at_risk:
                row.append(_cell(getattr(obj, AT_RISK_FIELD)))
            yield row

    filename = f"steadfast-{name}-{dt.date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(csv_rows(lines()))
        body = buffer.getvalue().encode()
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for row in lines():
            sheet.append(xlsx_row(sheet, row))
        out = io.BytesIO()
        workbook.save(out)
        body = out.getvalue()
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
