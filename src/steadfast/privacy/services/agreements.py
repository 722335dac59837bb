"""Writes of data processing agreements: create, edit, and the lifecycle
draft → sent → signed → active → expiring → expired | terminated, each move audited."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.network.models import Contract, Supplier
from steadfast.network.services.common import resolve
from steadfast.privacy.models import Dpa, DpaStatus, ProcessingActivity, SubprocessorAuthorisation
from steadfast.privacy.services.common import resolve_many
from steadfast.privacy.services.subprocessors import authorise_unopposed

S = DpaStatus
# Recording a signature lands in the state the dates call for (signed until effective, then active,
# expiring within 90 days of expiry, or already expired for a late-filed old agreement).
_ON_SIGNATURE = frozenset({S.SIGNED, S.ACTIVE, S.EXPIRING, S.EXPIRED})
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: _ON_SIGNATURE | {S.SENT, S.TERMINATED},
    S.SENT: _ON_SIGNATURE | {S.DRAFT, S.TERMINATED},
    S.SIGNED: frozenset({S.ACTIVE, S.EXPIRING, S.EXPIRED, S.TERMINATED}),
    S.ACTIVE: frozenset({S.EXPIRING, S.EXPIRED, S.TERMINATED}),
    S.EXPIRING: frozenset({S.ACTIVE, S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset({S.ACTIVE}),
    S.TERMINATED: frozenset(),
}
REMINDER_DAYS = (90, 30)
M2M = ("contracts", "activities")


def _relations(fields: dict, supplier: Supplier) -> dict[str, list]:
    """The linked contracts (the supplier's own, on the map) and processing activities, by ref or id."""
    relations = {}
    if "contracts" in fields:
        contracts = resolve_many(Contract, fields.pop("contracts"), field="contracts")
        foreign = [c.ref for c in contracts if c.supplier_id != supplier.pk]
        if foreign:
            raise ValidationError({"contracts": f"not contracts with {supplier.legal_name}: {', '.join(foreign)}"})
        relations["contracts"] = contracts
    if "activities" in fields:
        relations["activities"] = resolve_many(ProcessingActivity, fields.pop("activities"), field="activities")
    return relations


def _link(*, actor, dpa: Dpa, relations: dict[str, list]) -> None:
    changes = {}
    for name, objects in relations.items():
        manager = getattr(dpa, name)
        before = sorted(o.ref for o in manager.all())
        manager.set(objects)
        after = sorted(o.ref for o in objects)
        if before != after:
            changes[name] = [before, after]
    if changes:
        record_event(actor=actor, verb="update", instance=dpa, changes=changes)


def _check_dates(values: dict) -> None:
    signed, effective, expires = values.get("signed_on"), values.get("effective_on"), values.get("expires_on")
    if signed and expires and expires <= signed:
        raise ValidationError({"expires_on": f"the expiry date {expires} must be after the signing date {signed}"})
    if signed and effective and effective < signed:
        raise ValidationError({"effective_on": f"the effective date {effective} cannot be before the signing date {signed}"})
    if (values.get("subprocessor_authorisation") == SubprocessorAuthorisation.GENERAL
            and not values.get("objection_window_days")):
        raise ValidationError({"objection_window_days": "general authorisation needs the number of days we have to "
                                                        "object to a new sub-processor (Art. 28(2))"})


def _current(dpa: Dpa) -> dict:
    return {name: getattr(dpa, name) for name in ("signed_on", "effective_on", "expires_on",
                                                  "subprocessor_authorisation", "objection_window_days")}


def next_ref(today: dt.date | None = None) -> str:
    year = (today or timezone.localdate()).year
    prefix = f"DPA-{year}-"
    last = (Dpa.objects.filter(ref__startswith=prefix).order_by("-ref").values_list("ref", flat=True).first())
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:05d}"


def create_dpa(*, actor, supplier, **fields) -> Dpa:
    fields.setdefault("status", S.DRAFT)
    if fields["status"] not in (S.DRAFT,):
        raise ValidationError({"status": "a new agreement starts as a draft; record its signature afterwards"})

    supplier = resolve(Supplier, supplier, field="supplier")
    relations = _relations(fields, supplier)
    with transaction.atomic():
        fields["ref"] = fields.get("ref") or next_ref()
        _check_dates({"subprocessor_authorisation": SubprocessorAuthorisation.GENERAL, **fields})
        dpa = crud.create(actor=actor, model=Dpa, supplier=supplier, **fields)
        _link(actor=actor, dpa=dpa, relations=relations)
        return dpa


def update_dpa(*, actor, dpa: Dpa, **fields) -> Dpa:
    relations = _relations(fields, dpa.supplier)
    if "status" in fields and fields["status"] != dpa.status:
        raise ValidationError({"status": "the status changes only through the lifecycle actions (send, sign, terminate)"})
    with transaction.atomic():
        _check_dates({**_current(dpa), **fields})
        dpa = crud.update(actor=actor, instance=dpa, **fields)
        _link(actor=actor, dpa=dpa, relations=relations)
        return dpa


def move(*, actor, dpa: Dpa, to: str, **fields) -> Dpa:
    """The one place a status changes: refuses a move the lifecycle does not allow."""
    if to not in TRANSITIONS[dpa.status]:
        raise ValidationError({"status": f"an agreement that is {dpa.get_status_display().lower()} cannot become "
                                         f"{S(to).label.lower()}"})
    with transaction.atomic():
        _check_dates({**_current(dpa), **fields})
        return crud.update(actor=actor, instance=dpa, status=to, **fields)


def send_dpa(*, actor, dpa: Dpa) -> Dpa:
    if dpa.current_document_id is None:
        raise ValidationError({"document": "attach the agreement's document before sending it"})
    return move(actor=actor, dpa=dpa, to=S.SENT)


def status_on_signature(*, effective_on: dt.date, expires_on: dt.date | None, today: dt.date) -> str:
    if expires_on is not None and expires_on <= today:
        return S.EXPIRED
    if effective_on > today:
        return S.SIGNED
    if expires_on is not None and (expires_on - today).days <= REMINDER_DAYS[0]:
        return S.EXPIRING
    return S.ACTIVE


def record_signature(*, actor, dpa: Dpa, signed_on: dt.date, effective_on: dt.date | None = None,
                     expires_on: dt.date | None = None, today: dt.date | None = None) -> Dpa:
    today = today or timezone.localdate()
    if signed_on > today:
        raise ValidationError({"signed_on": f"the signing date {signed_on} is in the future"})
    effective_on = effective_on or signed_on
    expires_on = expires_on if expires_on is not None else dpa.expires_on
    to = status_on_signature(effective_on=effective_on, expires_on=expires_on, today=today)
    return move(actor=actor, dpa=dpa, to=to, signed_on=signed_on, effective_on=effective_on, expires_on=expires_on)


def terminate_dpa(*, actor, dpa: Dpa, terminated_on: dt.date, reason: str) -> Dpa:
    if not reason.strip():
        raise ValidationError({"reason": "say why the agreement ends"})
    notes = (dpa.notes + "\n" if dpa.notes else "") + f"Terminated {terminated_on}: {reason.strip()}"
    return move(actor=actor, dpa=dpa, to=S.TERMINATED, terminated_on=terminated_on, notes=notes)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _remind(*, actor, dpa: Dpa, days: int) -> int:
    """E-mail the supplier's contacts that the agreement expires in about `days` days; audited."""

    recipients = sorted({c.email for c in dpa.supplier.contacts.all() if c.email})
    if recipients:
        send_mail(subject=f"Data processing agreement {dpa.ref} expires on {dpa.expires_on}",
                  message=(f"Dear colleagues at {dpa.supplier.legal_name},\n\nthe data processing agreement "
                           f"{dpa.ref} expires on {dpa.expires_on} ({days} days' notice). Please contact our "
                           "privacy office to renew it.\n"),
                  from_email=None, recipient_list=recipients)
    record_event(actor=actor, verb=f"remind_{days}", instance=dpa,
                 changes={"expires_on": [None, dpa.expires_on.isoformat()], "emails": [None, len(recipients)]})
    return len(recipients)


def sweep_expiry(*, actor=None, today: dt.date | None = None, report=None) -> dict[str, int]:
    """The daily pass: activate agreements whose effective date has come, send the 90- and 30-day
    reminders (marking them expiring), renew the auto-renewing ones and expire the rest.
    Rerunning on the same day changes and sends nothing twice."""
    today = today or timezone.localdate()

    counts = {"activated": 0, "reminded_90": 0, "reminded_30": 0, "renewed": 0, "expired": 0,
              "subprocessors_authorised": authorise_unopposed(actor=actor, today=today)}
    for dpa in Dpa.objects.filter(status=S.SIGNED, effective_on__lte=today).select_related("supplier"):
        move(actor=actor, dpa=dpa, to=status_on_signature(effective_on=dpa.effective_on, expires_on=dpa.expires_on,
                                                          today=today))
        counts["activated"] += 1
    live = Dpa.objects.filter(status__in=(S.ACTIVE, S.EXPIRING), expires_on__isnull=False).select_related("supplier")
    for dpa in live.filter(expires_on__lte=today):
        with transaction.atomic():
            if dpa.auto_renews:
                expires = dpa.expires_on
                while expires <= today:
                    expires = add_months(expires, dpa.renewal_months)
                crud.update(actor=actor, instance=dpa, status=S.ACTIVE, expires_on=expires, reminded_90_on=None,
                            reminded_30_on=None)
                counts["renewed"] += 1
            else:
                move(actor=actor, dpa=dpa, to=S.EXPIRED)
                counts["expired"] += 1
    horizon = today + dt.timedelta(days=REMINDER_DAYS[0])
    due = live.filter(expires_on__gt=today, expires_on__lte=horizon).prefetch_related("supplier__contacts")
    for dpa in due:
        days_left = (dpa.expires_on - today).days
        with transaction.atomic():
            if dpa.reminded_90_on is None and not dpa.auto_renews:
                _remind(actor=actor, dpa=dpa, days=90)
                fields = {"reminded_90_on": today}
                if dpa.status == S.ACTIVE:
                    fields["status"] = S.EXPIRING
                crud.update(actor=actor, instance=dpa, **fields)
                counts["reminded_90"] += 1
            if days_left <= REMINDER_DAYS[1] and dpa.reminded_30_on is None and not dpa.auto_renews:
                _remind(actor=actor, dpa=dpa, days=30)
                crud.update(actor=actor, instance=dpa, reminded_30_on=today)
                counts["reminded_30"] += 1
    return counts
