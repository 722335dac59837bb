"""Contract notice deadlines: where a contract stands in its term, and a daily reminder before the
last day notice can be given (renew, renegotiate or let it end: a decision someone has to make).

Each contract is reminded of at most once per term: the audit event `remind_notice` that records
the reminder carries the end date it was about, and is also the memory of it (as for questionnaire
reminders in security/services/reminders.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from steadfast.core.links import base_url
from steadfast.core.models import AuditEvent, User
from steadfast.core.roles import Role
from steadfast.core.services.audit import record_event
from steadfast.network.models import Contract, ContractStatus

DEFAULT_DAYS_BEFORE = 30  # remind this many days before the notice deadline
REMIND_VERB = "remind_notice"
# Who hears of a contract without an owner: the people who manage suppliers.
FALLBACK_ROLES = (Role.ADMINISTRATOR, Role.RISK_ANALYST)


def days_before() -> int:
    return int(getattr(settings, "STEADFAST_CONTRACT_NOTICE_DAYS_BEFORE", DEFAULT_DAYS_BEFORE))


def notice_deadline(contract: Contract) -> dt.date | None:
    """The last day notice can be given: the end date less the notice period (none if open-ended)."""
    return contract.end_date - dt.timedelta(days=contract.notice_days) if contract.end_date else None


@dataclass(frozen=True)
class Standing:
    label: str  # e.g. "In notice period"
    detail: str  # one sentence: what happens next and by when
    attention: bool  # a decision is due


def standing(contract: Contract, today: dt.date | None = None) -> Standing:
    """Where the contract stands today, from its status and dates."""
    today = today or timezone.localdate()
    if contract.status != ContractStatus.ACTIVE:
        return Standing(contract.get_status_display(), "", False)
    if contract.end_date is None:
        return Standing("Active, open-ended", f"either party may end it with {contract.notice_days} days' notice", False)
    deadline = notice_deadline(contract)
    if contract.end_date < today:
        if contract.auto_renewal:
            return Standing("Renewed automatically", f"the term that ended {contract.end_date} renewed itself; "
                            "update the end date to the new term's", True)
        return Standing("Past its end date", f"ended {contract.end_date} without automatic renewal: "
                        "record the renewal or mark it expired", True)
    then = "renews automatically" if contract.auto_renewal else "ends"
    if deadline <= today:
        return Standing("In notice period", f"{then} on {contract.end_date}; the notice deadline was {deadline}", True)
    soon = deadline <= today + dt.timedelta(days=days_before())
    return Standing("Notice deadline soon" if soon else "Active",
                    f"{then} on {contract.end_date} unless notice is given by {deadline}", soon)


def contracts_owed_reminder(*, today: dt.date) -> list[Contract]:
    """Active contracts whose notice deadline falls within the next `days_before()` days (or has
    just passed while the term still runs), not yet reminded of for this term."""
    active = Contract.objects.filter(status=ContractStatus.ACTIVE, end_date__gte=today)
    longest_notice = active.aggregate(longest=Max("notice_days"))["longest"] or 0
    horizon = today + dt.timedelta(days=days_before())
    candidates = (active.filter(end_date__lte=horizon + dt.timedelta(days=longest_notice))
                  .select_related("supplier", "owner").order_by("end_date", "ref"))
    reminded = {(object_id, (changes.get("end_date") or [None, None])[1]) for object_id, changes in
                AuditEvent.objects.filter(object_type="network.contract", verb=REMIND_VERB)
                .values_list("object_id", "changes")}
    return [c for c in candidates
            if notice_deadline(c) <= horizon and (str(c.pk), c.end_date.isoformat()) not in reminded]


def _recipients(contract: Contract) -> list[str]:
    if contract.owner_id and contract.owner.email and contract.owner.is_active:
        return [contract.owner.email]
    return sorted(User.objects.filter(role__in=FALLBACK_ROLES, is_active=True).exclude(email="")
                  .values_list("email", flat=True))


def send_notice_reminders(*, actor, today: dt.date | None = None, report=None) -> dict[str, int]:
    """One e-mail per person listing the contracts whose notice deadline is near: each contract's
    owner, else administrators and risk analysts. Rerunning sends nothing twice for the same term."""
    today = today or timezone.localdate()
    owed = contracts_owed_reminder(today=today)
    counts = {"contracts_reminded": 0, "notice_emails": 0, "contracts_without_recipient": 0}
    by_recipient: dict[str, list[Contract]] = {}
    reminded = []
    for contract in owed:
        recipients = _recipients(contract)
        if not recipients:
            counts["contracts_without_recipient"] += 1
            continue
        reminded.append((contract, recipients))
        for recipient in recipients:
            by_recipient.setdefault(recipient, []).append(contract)
    with transaction.atomic():
        for contract, recipients in reminded:
            record_event(actor=actor, verb=REMIND_VERB, instance=contract,
                         changes={"end_date": [None, contract.end_date.isoformat()],
                                  "notice_deadline": [None, notice_deadline(contract).isoformat()],
                                  "recipients": [None, len(recipients)]})
        for n, (recipient, contracts) in enumerate(sorted(by_recipient.items()), 1):
            first = min(notice_deadline(c) for c in contracts)
            subject = (f"Notice deadline {first}: {contracts[0].title} with {contracts[0].supplier.legal_name}"
                       if len(contracts) == 1 else f"{len(contracts)} contracts reach their notice deadline from {first}")
            lines = [f"- {c.ref} {c.title} with {c.supplier.legal_name}: {standing(c, today).detail}.\n"
                     f"  {base_url()}{c.get_absolute_url()}" for c in contracts]
            message = ("Decide whether to renew, renegotiate or end each of these before its notice deadline:\n\n"
                       + "\n".join(lines) + "\n")
            send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
            if report:
                report(n, len(by_recipient), f"{n} of {len(by_recipient)} e-mails")
    counts["contracts_reminded"] = len(reminded)
    counts["notice_emails"] = len(by_recipient)
    return counts
