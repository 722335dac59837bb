"""The Art. 30 record and the DPA register as CSV or XLSX files.

The record follows the items of Art. 30(1) (a)-(g) in that order, as supervisory authorities'
templates do (e.g. the CNIL's and the ICO's): one row per processing activity.
"""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook

from steadfast.privacy.models import DataCategory, ProcessingActivity, SubjectCategory, Transfer
from steadfast.security.models import Control

ROPA_COLUMNS = (
    ("ref", "Reference"),
    ("name", "Processing activity"),
    ("role", "Our role (controller / processor / joint controller)"),
    ("controller", "(a) Controller on whose behalf (when we are processor)"),
    ("purpose", "(b) Purposes of the processing"),
    ("legal_basis", "Legal basis (Art. 6)"),
    ("special_condition", "Condition for special categories (Art. 9(2))"),
    ("subjects", "(c) Categories of data subjects"),
    ("data", "(c) Categories of personal data"),
    ("recipients", "(d) Categories of recipients"),
    ("processors", "Processors"),
    ("transfers", "(e) Transfers to third countries and safeguards"),
    ("retention", "(f) Time limits for erasure"),
    ("measures", "(g) Technical and organisational security measures"),
    ("controls", "(g) Controls implementing the measures (framework: control)"),
    ("countries", "Countries where the data is processed"),
)
DPA_COLUMNS = (("ref", "Reference"), ("supplier_ref", "Supplier ref"), ("supplier", "Supplier"), ("status", "Status"),
               ("relationship", "Parties' roles"), ("signed_on", "Signed"), ("effective_on", "Effective"),
               ("expires_on", "Expires"), ("auto_renews", "Auto-renews"), ("breach_notice_hours", "Breach notice (h)"),
               ("subprocessors", "Sub-processor authorisation"), ("objection_window_days", "Objection window (days)"),
               ("clauses_present", "Art. 28 clauses present (of 11)"), ("sha256", "Current document SHA-256"))


def _labels(values, choices) -> str:
    names = dict(choices.choices)
    return "; ".join(names.get(v, v) for v in values)


def ropa_rows(activities: QuerySet[ProcessingActivity]) -> list[dict]:
    activities = activities.prefetch_related(
        "processors", Prefetch("controls", queryset=Control.objects.select_related("framework").order_by(
            "framework__name", "sort_order")), Prefetch("transfers", queryset=Transfer.objects.order_by("destination_country")))
    rows = []
    for a in activities:
        transfers = sorted({f"{t.destination_country}: {t.get_mechanism_display()}" for t in a.transfers.all()})
        rows.append({
            "ref": a.ref, "name": a.name, "role": a.get_our_role_display(), "controller": a.controller_name,
            "purpose": a.purpose, "legal_basis": a.get_legal_basis_display(),
            "special_condition": a.get_special_condition_display() if a.special_condition else "",
            "subjects": _labels(a.subject_categories, SubjectCategory), "data": _labels(a.data_categories, DataCategory),
            "recipients": a.recipients, "processors": "; ".join(s.legal_name for s in a.processors.all()),
            "transfers": "; ".join(transfers), "retention": a.retention, "measures": a.security_measures,
            "controls": "; ".join(f"{c.framework}: {c.label or c.control_id} {c.title}" for c in a.controls.all()),
            "countries": ", ".join(a.countries)})
    return rows


def dpa_rows(dpas) -> list[dict]:
    return [{"ref": d.ref, "supplier_ref": d.supplier.ref, "supplier": d.supplier.legal_name, "status": d.status,
             "relationship": d.relationship, "signed_on": d.signed_on, "effective_on": d.effective_on,
             "expires_on": d.expires_on, "auto_renews": d.auto_renews, "breach_notice_hours": d.breach_notice_hours,
             "subprocessors": d.subprocessor_authorisation, "objection_window_days": d.objection_window_days,
             "clauses_present": d.clauses_present if d.current_document_id else None,
             "sha256": d.current_document.sha256 if d.current_document_id else ""} for d in dpas]


def to_csv(rows: list[dict], columns) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def to_xlsx(rows: list[dict], columns, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([label for _, label in columns])
    for row in rows:
        sheet.append([row[key] for key, _ in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
