"""Writes for the transparency centres: booking sessions, moving them along request → approval →
scheduled → held → report, the product versions presented and the findings raised."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.core.scoping import is_scoped
from steadfast.core.services import crud
from steadfast.transparency.models import (
    ACTIVE_STATUSES,
    TRANSITIONS,
    Centre,
    EvaluatedVersion,
    Evaluation,
    EvaluationFinding,
    Room,
)
from steadfast.transparency.services.sboms import product_sbom

MAX_SESSION = dt.timedelta(days=5)
_REF_ATTEMPTS = 8


def _overlapping(room: Room, starts_at, ends_at, exclude_pk=None):
    qs = Evaluation.objects.filter(room=room, status__in=ACTIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def _booked_message(room: Room, starts_at, ends_at) -> str:
    return (f"{room} is already booked between {timezone.localtime(starts_at):%Y-%m-%d %H:%M} and "
            f"{timezone.localtime(ends_at):%H:%M}; choose another room or time")


def _next_ref() -> str:
    year = timezone.now().year
    last = Evaluation.objects.filter(ref__startswith=f"EVA-{year}-").order_by("-ref").values_list("ref", flat=True).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"EVA-{year}-{number:04d}"


def request_evaluation(*, actor, room: Room, title: str, service: str, starts_at, ends_at, attendees: int = 1,
                       organisation: str = "", customer=None, country: str = "", notes: str = "",
                       ref: str | None = None, status: str = "requested", held_on=None) -> Evaluation:
    """Book a session in a room. A customer viewer books for its own customer, a regulator for the
    country it oversees; staff name the organisation. An overlapping active booking of the room is
    refused, by the database constraint in the end (concurrent requests)."""
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = "The session must end after it starts."
    elif ends_at - starts_at > MAX_SESSION:
        errors["ends_at"] = "A session lasts at most five days; book several sessions for longer campaigns."
    if not room.centre.offers(service):
        errors["service"] = f"{room.centre} does not offer {service.replace('_', ' ')}."
    if attendees > room.capacity:
        errors["attendees"] = f"{room} seats {room.capacity}; {attendees} attendees do not fit."
    if actor is not None and is_scoped(actor):
        if actor.customer_id:
            customer = actor.customer
            organisation, country = customer.name, customer.country
        else:
            oversees = list(actor.regulator_countries.all())
            if not oversees:
                raise PermissionDenied("This regulator account oversees no country yet.")
            chosen = next((c for c in oversees if c.country == country), oversees[0])
            country, organisation = chosen.country, chosen.authority or f"Regulator ({chosen.country})"
            customer = None
        if status != "requested":
            raise PermissionDenied
    elif customer is not None:
        organisation, country = organisation or customer.name, country or customer.country
    if not organisation:
        errors["organisation"] = "Name the organisation that evaluates."
    if not country:
        errors["country"] = "Give the evaluating organisation's country."
    if errors:
        raise ValidationError(errors)
    if _overlapping(room, starts_at, ends_at).exists():
        raise ValidationError({"starts_at": _booked_message(room, starts_at, ends_at)})
    for attempt in range(_REF_ATTEMPTS):
        try:
            with transaction.atomic():
                return crud.create(actor=actor, model=Evaluation, ref=ref or _next_ref(), room=room, title=title,
                                   service=service, organisation=organisation, customer=customer, country=country,
                                   requested_by=actor, attendees=attendees, starts_at=starts_at, ends_at=ends_at,
                                   notes=notes, status=status, held_on=held_on)
        except IntegrityError as exc:
            message = str(exc)
            if "evaluation_room_no_overlap" in message:  # a concurrent request took the room first
                raise ValidationError({"starts_at": _booked_message(room, starts_at, ends_at)}) from exc
            # two requests drew the same next reference: draw again (not when the caller chose it)
            if ref is None and attempt + 1 < _REF_ATTEMPTS and ("transparency_evaluation_ref" in message
                                                                or "transparency_evaluation.ref" in message):
                continue
            raise
        except ValidationError as exc:
            if ref is None and attempt + 1 < _REF_ATTEMPTS and set(getattr(exc, "message_dict", {})) == {"ref"}:
                continue
            raise
    raise AssertionError("unreachable")


def transition(*, actor, evaluation: Evaluation, action: str, report_summary: str = "") -> Evaluation:
    if action not in TRANSITIONS:
        raise ValidationError({"action": f"Unknown step {action!r}; one of {', '.join(TRANSITIONS)}."})
    sources, target = TRANSITIONS[action]
    if evaluation.status not in sources:
        raise ValidationError({"action": f"{evaluation.ref} is {evaluation.get_status_display().lower()}: "
                                         f"it cannot be {target} now."})
    fields = {"status": target}
    if action in ("approve", "reject"):
        fields["decided_by"] = actor
    if action == "hold":
        fields["held_on"] = timezone.localdate(evaluation.starts_at)
    if action == "report":
        if not report_summary.strip():
            raise ValidationError({"report_summary": "A report needs a summary of what was evaluated and found."})
        fields["report_summary"] = report_summary.strip()
    return crud.update(actor=actor, instance=evaluation, **fields)


def add_version(*, actor, evaluation: Evaluation, product, version: str) -> EvaluatedVersion:
    """Record a product version presented, with the SHA-256 of its CycloneDX SBOM (generated from the
    security app's SBOM components for the product and its BOM)."""
    if evaluation.status in ("rejected", "cancelled"):
        raise ValidationError({"version": f"{evaluation.ref} is {evaluation.status}: nothing was presented."})
    version = version.strip()
    if not version:
        raise ValidationError({"version": "Give the product version presented."})
    sbom = product_sbom(product=product, version=version)
    if EvaluatedVersion.objects.filter(evaluation=evaluation, product=product, version=version).exists():
        raise ValidationError({"version": f"{product.name} {version} is already recorded for {evaluation.ref}."})
    return crud.create(actor=actor, model=EvaluatedVersion, evaluation=evaluation, product=product, version=version,
                       sbom_sha256=sbom.sha256, component_count=sbom.component_count)


def add_finding(*, actor, evaluation: Evaluation, title: str, severity: int, owner, due_on) -> EvaluationFinding:
    if evaluation.status not in ("held", "reported"):
        raise ValidationError({"title": f"{evaluation.ref} has not been held yet: findings come from a held session."})
    return crud.create(actor=actor, model=EvaluationFinding, evaluation=evaluation, title=title, severity=severity,
                       owner=owner, due_on=due_on)


def set_finding_status(*, actor, finding: EvaluationFinding, status: str) -> EvaluationFinding:
    if status not in EvaluationFinding.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    resolved_on = timezone.localdate() if status == "resolved" else None
    return crud.update(actor=actor, instance=finding, status=status, resolved_on=resolved_on)


def create_centre(*, actor, **fields) -> Centre:
    return crud.create(actor=actor, model=Centre, **fields)
