"""Storing the regulators' clocks: evaluate the rules on every change, record submissions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import PendingEvent, record_events
from steadfast.incidents import rules
from steadfast.incidents.models import Incident, NationalUserBase, Obligation, TimelineKind
from steadfast.incidents.services.common import not_in_future, timeline

RESTORE = "restore_target."


def facts_for(incident: Incident, *, now: dt.datetime) -> rules.IncidentFacts:
    impacts = list(incident.affected_networks.select_related("network"))
    networks = tuple(rules.NetworkImpact(a.network_id, a.network.ref, a.network.country, a.network.kind,
                                         a.subscribers_affected, a.network.restore_target_hours) for a in impacts)
    pairs = {(n.country, n.kind) for n in networks}
    user_base = {(c, k): users for c, k, users in NationalUserBase.objects.filter(
        country__in={c for c, _ in pairs}).values_list("country", "kind", "users") if (c, k) in pairs}
    submitted = dict(incident.obligations.filter(submitted_at__isnull=False).values_list("code", "submitted_at"))
    return rules.IncidentFacts(impact_started=incident.impact_started_at, detected=incident.detected_at,
                               resolved=incident.resolved_at, as_of=now, networks=networks,
                               personal_data=incident.personal_data, nis2_significant=incident.nis2_significant,
                               user_base=user_base, submitted=submitted)


def evaluate_obligations(*, incident: Incident, actor=None, now: dt.datetime | None = None) -> list[PendingEvent]:
    """Bring the incident's obligations in line with the rules; return the audit events to record.

    Declined incidents owe nothing. An obligation that no longer applies is removed unless
    something was already submitted for it. A network's restore target counts as submitted when
    the incident is resolved."""
    now = now or timezone.now()
    dues = [] if incident.status == Incident.Status.DECLINED else rules.evaluate(facts_for(incident, now=now))
    existing = {o.code: o for o in incident.obligations.all()}
    version = rules.load_rules()["version"]
    events: list[PendingEvent] = []
    for due in dues:
        values = {"regime": due.regime, "rule": due.rule, "authority": due.authority, "legal_source": due.legal_source,
                  "clock_started_at": due.clock_started, "due_at": due.due, "network_id": due.network_id,
                  "country": due.country, "report_fields": {**due.report_fields, "rules_version": version}}
        if due.code.startswith(RESTORE):
            values["submitted_at"] = incident.resolved_at
        obligation = existing.pop(due.code, None)
        if obligation is None:
            obligation = Obligation.objects.create(incident=incident, code=due.code, **values)
            events.append(crud.pending_for("create", obligation, {"rule": [None, due.rule], "due_at": [None, due.due]}))
            timeline(incident=incident, kind=TimelineKind.OBLIGATION, actor=actor, at=now,
                     text=f"Obligation: {due.rule} to {due.authority}, due {due.due:%Y-%m-%d %H:%M} UTC",
                     data={"code": due.code})
            continue
        before = crud.snapshot(obligation)
        for name, value in values.items():
            setattr(obligation, name, value)
        changes = crud.diff(before, crud.snapshot(obligation))
        changes.pop("report_fields", None)  # recomputed figures; the due time is what matters
        if changes:
            obligation.save()
            events.append(crud.pending_for("update", obligation, changes))
        elif obligation.report_fields != before.get("report_fields"):
            obligation.save(update_fields=["report_fields", "updated_at"])
    for code, obligation in existing.items():
        if obligation.submitted_at is None or code.startswith(RESTORE):
            events.append(crud.pending_for("delete", obligation, {"rule": [obligation.rule, None]}))
            obligation.delete()
    return events


def submit_obligation(*, actor, obligation: Obligation, submitted_at: dt.datetime | None = None,
                      reference: str = "") -> Obligation:
    """Record that the report was submitted (when, and the authority's reference)."""
    if obligation.code.startswith(RESTORE):
        raise ValidationError({"submitted_at": "a restore target is met by resolving the incident, not by a submission"})
    submitted_at = submitted_at or timezone.now()
    not_in_future("submitted_at", submitted_at)
    if submitted_at < obligation.clock_started_at - dt.timedelta(days=1):
        raise ValidationError({"submitted_at": "before the obligation's clock started"})
    with transaction.atomic():
        incident = obligation.incident
        fields = {**obligation.report_fields, "submission_reference": reference} if reference else obligation.report_fields
        obligation = crud.update(actor=actor, instance=obligation, submitted_at=submitted_at, report_fields=fields)
        timeline(incident=incident, kind=TimelineKind.OBLIGATION, actor=actor, at=submitted_at,
                 text=f"Submitted: {obligation.rule} to {obligation.authority}" + (f" (ref {reference})" if reference else ""),
                 data={"code": obligation.code})
        # a later report's clock may count from this one (NIS2 final report)
        record_events(actor=actor, events=evaluate_obligations(incident=incident, actor=actor))
        return obligation
