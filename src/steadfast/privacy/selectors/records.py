"""Reads of records of processing and international transfers (not visible to scoped accounts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import scoped
from steadfast.privacy.models import (
    AUTHORITY_HOURS,
    NEEDS_TIA,
    AdequacyDecision,
    Breach,
    ProcessingActivity,
    Transfer,
    TransferImpactAssessment,
    TransferMechanism,
)
from steadfast.privacy.selectors.common import require, search_q

RECORDS = "privacy.records"


def activities(*, user, search: str = "", our_role: str = "", legal_basis: str = "") -> QuerySet[ProcessingActivity]:
    require(user, RECORDS)
    qs = scoped(ProcessingActivity.objects.annotate(processor_count=Count("processors", distinct=True)), user=user)
    if our_role:
        qs = qs.filter(our_role=our_role)
    if legal_basis:
        qs = qs.filter(legal_basis=legal_basis)
    if search:
        qs = qs.filter(search_q(search, "ref", "name", "purpose"))
    return qs


def activity(*, user, activity_id: int) -> ProcessingActivity:
    return get_object_or_404(activities(user=user).prefetch_related(
        "processors", "items", "controls__framework"), pk=activity_id)


def transfers(*, user, search: str = "", mechanism: str = "", destination: str = "", flagged: bool = False,
              today: dt.date | None = None) -> QuerySet[Transfer]:
    """Each transfer with `adequate` (the destination has a live adequacy decision), `tia_review`
    (next review of its latest TIA), `needs_tia` and `flag` (why it needs attention, or "")."""
    require(user, RECORDS)
    today = today or timezone.localdate()
    adequate = AdequacyDecision.objects.filter(country=OuterRef("destination_country"), revoked_on__isnull=True)
    qs = scoped(Transfer.objects.select_related("recipient", "activity", "dpa"), user=user).annotate(
        adequate=Exists(adequate), tia_review=Max("assessments__next_review_on"))
    if mechanism:
        qs = qs.filter(mechanism=mechanism)
    if destination:
        qs = qs.filter(destination_country=destination.upper())
    if search:
        qs = qs.filter(search_q(search, "ref", "recipient__legal_name", "recipient_name", "data_description"))
    if flagged:
        qs = qs.filter(flag_condition(today))
    return qs


def flag_condition(today: dt.date) -> Q:
    """A transfer without a mechanism, or one that needs a TIA and has none current."""
    needs = Q(mechanism__in=[m.value for m in NEEDS_TIA])
    current = Q(tia_review__isnull=False) & Q(tia_review__gte=today)
    mismatched_adequacy = Q(mechanism=TransferMechanism.ADEQUACY, adequate=False)
    return Q(mechanism=TransferMechanism.NONE) | (needs & ~current) | mismatched_adequacy


def transfer_flag(transfer: Transfer, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if transfer.mechanism == TransferMechanism.NONE:
        return "no transfer mechanism"
    if transfer.mechanism == TransferMechanism.ADEQUACY and not transfer.adequate:
        return "no adequacy decision for this destination"
    if transfer.mechanism in NEEDS_TIA:
        if transfer.tia_review is None:
            return "transfer impact assessment missing"
        if transfer.tia_review < today:
            return f"transfer impact assessment overdue since {transfer.tia_review}"
    return ""


def transfer(*, user, transfer_id: int) -> Transfer:
    return get_object_or_404(transfers(user=user), pk=transfer_id)


def assessments(*, user, transfer_id: int) -> QuerySet[TransferImpactAssessment]:
    require(user, RECORDS)
    return scoped(TransferImpactAssessment.objects.filter(transfer_id=transfer_id), user=user)


def flows_by_country(*, user) -> list[dict]:
    """Transfers per destination country for the world map."""
    require(user, RECORDS)
    rows = (scoped(Transfer.objects.all(), user=user).values("destination_country")
            .annotate(count=Count("id"), without=Count("id", filter=Q(mechanism=TransferMechanism.NONE)))
            .order_by("destination_country"))
    return [{"country": r["destination_country"], "count": r["count"], "without_mechanism": r["without"]} for r in rows]




def breaches(*, user, search: str = "", late: bool = False, risk: str = "") -> QuerySet[Breach]:
    """The breach register, with `late` = notified to the authority more than 72 hours after awareness."""
    require(user, RECORDS)
    qs = scoped(Breach.objects.select_related("dpa__supplier", "incident"), user=user)
    if risk:
        qs = qs.filter(risk=risk)
    if late:
        qs = qs.filter(authority_notified_at__gt=F("aware_at") + dt.timedelta(hours=AUTHORITY_HOURS))
    if search:
        qs = qs.filter(search_q(search, "ref", "title", "incident_ref", "incident__ref"))
    return qs


def breach(*, user, breach_id: int) -> Breach:
    return get_object_or_404(breaches(user=user), pk=breach_id)


def breaches_for_incident(user, incident) -> QuerySet[Breach]:
    """The personal-data breaches that came out of a major incident, for the incident's page: empty
    (not refused) for a user who may not see the breach register, since the incident page is theirs."""
    if not can(user, RECORDS, VIEW):
        return Breach.objects.none()
    return breaches(user=user).filter(incident=incident).order_by("aware_at")
