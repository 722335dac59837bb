"""One import, start to finish: read → parse → check the file as a whole → write all or nothing.

Nothing is written unless every row is good; then everything is written in one transaction with
bulk inserts and updates and one audit event per created or changed row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.db import DatabaseError, IntegrityError

from steadfast.core.services import crud
from steadfast.network.collector import collector_paused
from steadfast.network.importers import checks
from steadfast.network.importers.apply import apply_rows
from steadfast.network.importers.context import ImportContext
from steadfast.network.importers.lookups import existing_by, resolve_refs
from steadfast.network.importers.parse import ParsedRow, RowParser, check_header
from steadfast.network.importers.reading import FileProblem, open_table
from steadfast.network.importers.report import MAX_ERRORS, ImportReport, RowAction
from steadfast.network.importers.specs import REFERENCE_NOUNS, REFERENCE_TARGETS, spec_for

Progress = Callable[[int, "int | None", str], None]

UNKNOWN_REFERENCE = "unknown {noun} {ref!r}"
DUPLICATE_KEY = "duplicate {label} {value}: also on row {row}"
DATABASE_REFUSED = "the database refused the file, nothing was changed: {reason}"

# Related rows the audit label of an updated row reads (BOM lines and deployments name their items).
LABEL_RELATED = {"bom": ("parent", "child"), "deployments": ("network", "product")}
PROGRESS_EVERY = 1000


def _no_progress(done: int, total: int | None, message: str) -> None:
    pass


def run_import(*, kind: str, path: str | Path, actor, dry_run: bool = False, filename: str = "",
               progress: Progress | None = None) -> ImportReport:
    """Import the CSV/XLSX file at `path` as `kind` rows; the report says what happened (or would)."""
    spec = spec_for(kind)
    report = ImportReport(kind=kind, filename=filename or Path(path).name, dry_run=dry_run)
    progress = progress or _no_progress
    started = time.monotonic()
    try:
        with collector_paused():  # millions of live objects, none of them garbage
            _run(spec, Path(path), report, actor, dry_run, progress)
    finally:
        report.errors.sort(key=lambda error: error.row)  # stable: a row's errors stay in column order
        report.seconds = time.monotonic() - started
    return report


def _run(spec, path: Path, report: ImportReport, actor, dry_run: bool, progress: Progress) -> None:
    context = _read(spec, path, report, progress)
    if context is not None:
        if not context.partial:
            _check(context)
        _tally(context)
        if report.ok and not dry_run:
            try:
                apply_rows(context, actor=actor, progress=progress)
                report.applied = True
            except (IntegrityError, DatabaseError) as exc:
                report.add_error(0, "", "", DATABASE_REFUSED.format(reason=str(exc).splitlines()[0][:300]))
                report.created = report.updated = report.unchanged = 0


def _read(spec, path: Path, report: ImportReport, progress: Progress) -> ImportContext | None:
    try:
        table = open_table(path)
    except FileProblem as problem:
        report.add_error(problem.row, problem.column, "", problem.message)
        return None
    try:
        positions = check_header(spec, table.header, report)
        if positions is None:
            return None
        total = (table.estimated_rows or 0) * (1 if report.dry_run else 2) or None
        parser = RowParser(spec, positions, report)
        rows: list[ParsedRow] = []
        count = 0
        for number, texts in table.rows():
            row = parser.parse(number, texts)
            count += 1
            if report.error_count <= MAX_ERRORS:  # past it nothing is written: count, keep no more rows
                rows.append(row)
            elif row.bad:
                report.rejected += 1  # _tally counts the kept rows
            if count % PROGRESS_EVERY == 0:
                progress(count, total, "checking rows")
        report.rows = count
        progress(count, total and max(total, count), "checking the file as a whole")
        return ImportContext(spec=spec, report=report, rows=rows, present=set(positions),
                             partial=len(rows) < count)
    except FileProblem as problem:
        report.add_error(problem.row, problem.column, "", problem.message)
        return None
    finally:
        table.close()


def _check(context: ImportContext) -> None:
    _reject_duplicates(context)
    _resolve_references(context)
    checks.prepare(context)
    _match_existing(context)
    _build(context)
    checks.check(context)


def row_key(context: ImportContext, row: ParsedRow) -> tuple[str, ...]:
    """The row's identity as written: its ref, or its natural key (sources: ITEM@SITE when blank)."""
    parts = []
    for name in context.spec.key:
        column = context.spec.column(name)
        if column.refers_to:
            parts.append(row.refs.get(name) or "")
        else:
            value = row.values.get(column.field)
            parts.append("" if value is None else str(value))
    if context.spec.name == "sources" and not parts[0]:
        parts = [checks.derived_source_ref(row.refs.get("item_ref") or "", row.refs.get("site_ref") or "")]
    return tuple(parts)


def _reject_duplicates(context: ImportContext) -> None:
    first_seen: dict[tuple[str, ...], int] = {}
    label = context.spec.key_label()
    for row in context.rows:
        key = row_key(context, row)
        row.key = key
        if not all(key):
            continue
        if key in first_seen:
            value = " + ".join(repr(part) for part in key)
            column = context.spec.key[-1] if context.spec.name != "sources" or row.texts.get("ref") else "site_ref"
            context.error(row, column, DUPLICATE_KEY.format(label=label, value=value, row=first_seen[key]))
        else:
            first_seen[key] = row.number


def _resolve_references(context: ImportContext) -> None:
    spec = context.spec
    if spec.name in REFERENCE_TARGETS:
        context.in_file = {row.values["ref"]: row for row in context.rows if row.values.get("ref")}
    for column in spec.columns:
        if not column.refers_to or not context.has(column.name):
            continue
        target = column.refers_to
        wanted = {row.refs[column.name] for row in context.rows if row.refs.get(column.name)}
        found = context.targets.setdefault(target, {})
        found.update(resolve_refs(target, wanted - set(found)))
        model, name = (None, "username") if target == "users" else REFERENCE_TARGETS[target]
        if model is None:
            from django.contrib.auth import get_user_model

            model = get_user_model()
        own_kind = target == spec.name
        for row in context.rows:
            ref = row.refs.get(column.name)
            if ref is None:
                if column.name in row.refs:
                    row.values[column.field] = None
                continue
            hit = found.get(ref)
            if hit is not None:
                # A stand-in carrying the pk and the ref: enough for the foreign key and audit labels.
                row.values[column.field] = model(pk=hit.pk, **{name: ref})
            elif own_kind and ref in context.in_file:
                row.pending[column.field] = ref
            else:
                context.error(row, column.name, UNKNOWN_REFERENCE.format(noun=REFERENCE_NOUNS[target], ref=ref))


def match_key(context: ImportContext, source) -> tuple:
    """The key a stored row (instance) or a parsed row (dict of values) is matched on."""
    fields = context.spec.match_fields
    if isinstance(source, dict):
        key = []
        for name in fields:
            if name.endswith("_id"):
                related = source.get(name[:-3])
                key.append(related.pk if related is not None else None)
            else:
                key.append(source.get(name))
        return tuple(key)
    return tuple(getattr(source, name) for name in fields)


def _match_existing(context: ImportContext) -> None:
    spec = context.spec
    fields = spec.match_fields
    keys = {match_key(context, row.values) for row in context.good_rows()}
    first_values = {key[0] for key in keys if key[0] is not None}
    if not first_values:
        return
    stored = existing_by(spec.model, fields[0], first_values, related=LABEL_RELATED.get(spec.name, ()))
    context.existing = {match_key(context, instance): instance for instance in stored}
    for row in context.good_rows():
        row.instance = context.existing.get(match_key(context, row.values))


def audit_values(instance, names: list[str]) -> dict:
    """The audited fields as Python values (record_events makes them JSON); cheaper than
    crud.snapshot when most rows turn out unchanged."""
    return {name: getattr(instance, name) for name in names}


def _build(context: ImportContext) -> None:
    model = context.spec.model
    names = crud.audit_field_names(model())
    context.audit_fields = names
    for row in context.good_rows():
        if row.instance is None:
            row.instance = model(**row.values)
            row.action = "create"
            continue
        row.before = audit_values(row.instance, names)
        for name, value in row.values.items():
            setattr(row.instance, name, value)
        changed = row.pending or crud.diff(row.before, audit_values(row.instance, names))
        row.action = "update" if changed else "unchanged"


def _tally(context: ImportContext) -> None:
    report = context.report
    for row in context.rows:
        action = "reject" if row.bad else row.action
        report.actions.append(RowAction(row.number, action, " + ".join(row.key)))
        if action == "reject":
            report.rejected += 1
        elif action == "create":
            report.created += 1
        elif action == "update":
            report.updated += 1
        else:
            report.unchanged += 1
