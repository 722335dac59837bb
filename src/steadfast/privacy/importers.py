"""Import DPAs and processing activities from CSV or XLSX with the map's rules: the same file
reader and cell parsers (`network.importers`), a template to download, a dry run, all or nothing,
and every error named by row and column. Rows create new records (refs must be new)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.core.validators import COUNTRY_CODES, control_character, multiline_field_names
from steadfast.network.importers import cells
from steadfast.network.importers.reading import FileProblem, open_table
from steadfast.network.importers.report import MAX_ERRORS
from steadfast.network.models import Item, Supplier
from steadfast.privacy.models import (
    SPECIAL_CATEGORIES,
    DataCategory,
    Dpa,
    LegalBasis,
    OurRole,
    ProcessingActivity,
    Relationship,
    ReturnOrDelete,
    SpecialCondition,
    SubjectCategory,
    SubprocessorAuthorisation,
)
from steadfast.privacy.services.agreements import status_on_signature
from steadfast.security.models import Control


def _list_of(choices):
    allowed = {c.value for c in choices}

    def parse(value: str, column: str) -> list[str]:
        items = [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise cells.CellError(f"unknown value(s) {', '.join(unknown)}; use {', '.join(sorted(allowed))} "
                                  "separated by ;")
        return sorted(set(items))
    return parse


def _countries(value: str, column: str) -> list[str]:
    codes = [v.strip().upper() for v in value.replace(",", ";").split(";") if v.strip()]
    unknown = [c for c in codes if c not in COUNTRY_CODES]
    if unknown:
        raise cells.CellError(f"unknown country code(s) {', '.join(unknown)} (ISO 3166-1 alpha-2)")
    return sorted(set(codes))


def _refs(value: str, column: str) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in value.replace(",", ";").split(";") if v.strip()))


# Links of an activity, by ref: column → (model, the ManyToMany on ProcessingActivity).
ACTIVITY_LINKS = {"processors": Supplier, "items": Item}


@dataclass(frozen=True)
class Col:
    name: str
    parse: cells.Parser = cells.text
    required: bool = False
    example: str = ""


DPA_COLUMNS = (
    Col("ref", required=True, example="DPA-2026-01001"), Col("supplier", required=True, example="SUP-00042"),
    Col("relationship", cells.choice(Relationship), example="controller_processor"),
    Col("signed_on", cells.date, example="2026-01-15"), Col("effective_on", cells.date, example="2026-02-01"),
    Col("expires_on", cells.date, example="2029-01-31"), Col("auto_renews", cells.boolean, example="no"),
    Col("breach_notice_hours", cells.in_range(1, 720), example="48"),
    Col("subprocessor_authorisation", cells.choice(SubprocessorAuthorisation), example="general"),
    Col("objection_window_days", cells.in_range(1, 180), example="30"),
    Col("audit_rights", cells.boolean, example="yes"),
    Col("return_or_delete", cells.choice(ReturnOrDelete), example="controller_choice"),
    Col("notes", example="signed on supplier paper"),
)
ACTIVITY_COLUMNS = (
    Col("ref", required=True, example="ROPA-0101"), Col("name", required=True, example="Payroll — Germany"),
    Col("our_role", cells.choice(OurRole), example="controller"), Col("purpose", required=True, example="Pay salaries"),
    Col("legal_basis", cells.choice(LegalBasis), required=True, example="6.1.c"),
    Col("special_condition", cells.choice(SpecialCondition), example="9.2.b"),
    Col("data_categories", _list_of(DataCategory), example="financial;health"),
    Col("subject_categories", _list_of(SubjectCategory), example="employees"),
    Col("countries", _countries, example="DE;IE"), Col("recipients", example="tax authorities"),
    Col("retention", required=True, example="10 years"), Col("security_measures", example="encryption at rest"),
    Col("controller_name", example=""),
    Col("processors", _refs, example="PRC-00012;PRC-00480"), Col("items", _refs, example=""),
    Col("controls", _refs, example="PR.DS-01;SC-28;AC-2"),
)
KINDS = {"dpas": DPA_COLUMNS, "activities": ACTIVITY_COLUMNS}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    dry_run: bool = False
    errors: list[dict] = field(default_factory=list)  # the first MAX_ERRORS; error_count counts them all
    error_count: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "message": message})


def template_csv(kind: str) -> str:
    columns = KINDS[kind]
    return ",".join(c.name for c in columns) + "\n" + ",".join(c.example for c in columns) + "\n"


def run_import(*, kind: str, path: Path, actor, dry_run: bool = False) -> ImportResult:
    """Read, check every row, then create all rows in one transaction, or nothing when any row is wrong."""
    columns = KINDS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        table = open_table(path)
    except FileProblem as problem:
        result.error(problem.row, problem.column, problem.message)
        return result
    try:
        missing = [c.name for c in columns if c.required and c.name not in table.header]
        if missing:
            result.error(1, ", ".join(missing), "required column(s) missing from the header")
            return result
        parsed = []
        multiline = multiline_field_names()
        for number, values in table.rows():
            record = dict(zip(table.header, values, strict=False))
            row, ok = {}, True
            for column in columns:
                text = (record.get(column.name) or "").strip()
                problem = control_character(text, multiline=column.name in multiline)
                if problem:
                    result.error(number, column.name, f"the text {problem}")
                    ok = False
                    continue
                if not text:
                    if column.required:
                        result.error(number, column.name, cells.REQUIRED)
                        ok = False
                    continue
                try:
                    row[column.name] = column.parse(text, column.name)
                except cells.CellError as error:
                    result.error(number, column.name, error.message)
                    ok = False
            if ok:
                parsed.append((number, row))
            result.rows += 1
    except FileProblem as problem:  # unreadable past the header, or over the row limit: nothing is written
        result.error(problem.row, problem.column, problem.message)
        return result
    finally:
        table.close()
    builders = {"dpas": _dpa, "activities": _activity}
    instances = []
    seen = set()
    existing = set((Dpa if kind == "dpas" else ProcessingActivity).objects.values_list("ref", flat=True))
    suppliers = dict(Supplier.objects.values_list("ref", "pk")) if kind == "dpas" else {}
    known = {name: dict(model.objects.filter(ref__in={r for _, row in parsed for r in row.get(name, [])})
                        .values_list("ref", "pk")) for name, model in ACTIVITY_LINKS.items()} if kind == "activities" else {}
    controls = _controls_named({t for _, row in parsed for t in row.get("controls", [])}) if kind == "activities" else {}
    links = []
    for number, row in parsed:
        if row["ref"] in existing or row["ref"] in seen:
            result.error(number, "ref", f"{row['ref']!r} already exists" + (" earlier in the file" if row["ref"] in seen
                                                                            else ""))
            continue
        seen.add(row["ref"])
        row_links = {name: row.pop(name, []) for name in ACTIVITY_LINKS} if kind == "activities" else {}
        unknown = {name: [r for r in refs if r not in known[name]] for name, refs in row_links.items()}
        for name, refs in unknown.items():
            if refs:
                result.error(number, name, f"unknown ref(s) {', '.join(refs)} on the map")
        control_problem = None
        if kind == "activities":
            row_links["controls"], control_problem = _resolve_controls(row.pop("controls", []), controls)
            if control_problem:
                result.error(number, "controls", control_problem)
        if any(unknown.values()) or control_problem:
            continue
        try:
            instance = builders[kind](row, suppliers)
            instance.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                result.error(number, name if name != "__all__" else "", " ".join(messages))
            continue
        instances.append(instance)
        links.append(row_links)
    if result.errors or dry_run:
        return result
    model = type(instances[0]) if instances else None
    with transaction.atomic():
        if model is not None:
            model.objects.bulk_create(instances)
            for name in ACTIVITY_LINKS if kind == "activities" else ():
                through = getattr(ProcessingActivity, name).through
                target = f"{ACTIVITY_LINKS[name]._meta.model_name}_id"
                through.objects.bulk_create([through(processingactivity_id=i.pk, **{target: known[name][ref]})
                                             for i, row_links in zip(instances, links, strict=True)
                                             for ref in row_links[name]])
            if kind == "activities":
                through = ProcessingActivity.controls.through
                through.objects.bulk_create([through(processingactivity_id=i.pk, control_id=pk)
                                             for i, row_links in zip(instances, links, strict=True)
                                             for pk in row_links["controls"]])
            record_events(actor=actor, events=[
                crud.pending_for("create", i, {k: [None, v] for k, v in crud.snapshot(i).items()}) for i in instances])
    result.created = len(instances)
    return result


def _controls_named(tokens: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Controls of the frameworks the security app holds, by what a cell may call them: the label as
    printed ("AC-2(1)", "PR.AA-01") or the OSCAL id ("ac-2.1"), either case → [(pk, framework)]."""
    wanted = {t.upper() for t in tokens} | {t.lower() for t in tokens}
    found: dict[str, list[tuple[int, str]]] = {}
    rows = (Control.objects.filter(Q(label__in=wanted) | Q(control_id__in=wanted))
            .values_list("pk", "label", "control_id", "framework__name"))
    for pk, label, control_id, framework in rows:
        for name in {label.upper(), control_id.upper()} - {""}:
            found.setdefault(name, []).append((pk, framework))
    return found


def _resolve_controls(tokens: list[str], named: dict) -> tuple[list[int], str | None]:
    """The controls' pks, or the problem with the cell (unknown or ambiguous names)."""
    pks, unknown, ambiguous = [], [], []
    for token in tokens:
        matches = {pk: framework for pk, framework in named.get(token.upper(), [])}
        if not matches:
            unknown.append(token)
        elif len(matches) > 1:
            ambiguous.append(f"{token} ({'; '.join(sorted(set(matches.values())))})")
        else:
            pks.append(next(iter(matches)))
    if unknown:
        return [], (f"unknown control(s) {', '.join(unknown)}: use a control's label (AC-2, PR.AA-01) from a framework "
                    "imported in Security → Frameworks")
    if ambiguous:
        return [], f"control name(s) in more than one framework: {', '.join(ambiguous)}"
    return list(dict.fromkeys(pks)), None


def _dpa(row: dict, suppliers: dict) -> Dpa:
    supplier_id = suppliers.get(row["supplier"])
    if supplier_id is None:
        raise ValidationError({"supplier": f"no supplier with ref {row['supplier']!r}"})
    signed, expires, effective = row.get("signed_on"), row.get("expires_on"), row.get("effective_on")
    if signed and expires and expires <= signed:
        raise ValidationError({"expires_on": f"the expiry date {expires} must be after the signing date {signed}"})
    status = _status(signed, effective, expires)
    fields = {k: v for k, v in row.items() if k != "supplier"}
    for name in ("breach_notice_hours", "objection_window_days"):
        if name in fields:
            fields[name] = int(fields[name])
    if fields.get("subprocessor_authorisation", "general") == "general" and "objection_window_days" not in fields:
        raise ValidationError({"objection_window_days": "general authorisation needs an objection window in days"})
    return Dpa(supplier_id=supplier_id, status=status, **fields)


def _status(signed, effective, expires, today: dt.date | None = None) -> str:
    if not signed:
        return "draft"
    return status_on_signature(effective_on=effective or signed, expires_on=expires, today=today or timezone.localdate())


def _activity(row: dict, suppliers: dict) -> ProcessingActivity:
    special = bool(SPECIAL_CATEGORIES & set(row.get("data_categories", [])))
    if special and not row.get("special_condition"):
        raise ValidationError({"special_condition": "special categories are processed: name the Art. 9(2) condition"})
    return ProcessingActivity(processes_special_categories=special, **row)
