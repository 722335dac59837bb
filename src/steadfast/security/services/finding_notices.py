"""Telling a supplier's contacts about its findings: when an accepted assessment raises them, when
SBOM/KEV matching raises them, and (reminders.py) when they are due soon or overdue.

Every notice is one email per contact of the supplier listing the findings (severity, title, CVE,
required action, due date), sent by `invitations.email_contacts`: account holders get the portal
address, other contacts a single-use, expiring "remediate" magic link. A supplier without contacts
is not an error (0 emails). Call inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError

from steadfast.core.services.audit import record_event
from steadfast.core.services.crud import pending_for, record_events
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, Finding
from steadfast.security.models.assessments import LinkPurpose
from steadfast.security.services.invitations import DEFAULT_LINK_DAYS, email_contacts

MAX_LISTED = 50
CLOSING = "For each finding, say what you will do and by when, and attach evidence once it is done."


def finding_lines(findings: list[Finding]) -> str:
    """The findings as an email list, soonest due first (at most MAX_LISTED, then a count)."""
    ordered = sorted(findings, key=lambda f: (f.due_date or dt.date.max, f.title, f.pk or 0))
    lines = []
    for f in ordered[:MAX_LISTED]:
        line = f"- [{f.severity}] {f.title} (due {f.due_date.isoformat() if f.due_date else 'no date'})"
        if f.cve and f.cve not in f.title:
            line += f"\n  CVE: {f.cve}"
        if f.required_action:
            line += f"\n  Required action: {' '.join(f.required_action.split())}"
        lines.append(line)
    if len(ordered) > MAX_LISTED:
        lines.append(f"… and {len(ordered) - MAX_LISTED} more")
    return "\n".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def email_findings(*, actor, supplier: Supplier, findings: list[Finding], subject: str, intro: str,
                   assessment: Assessment | None = None, valid_days: int = DEFAULT_LINK_DAYS) -> int:
    """One email per contact listing `findings`; returns emails sent (0 without contacts)."""
    try:
        return email_contacts(actor=actor, assessment=assessment, supplier=supplier, valid_days=valid_days,
                              purpose=LinkPurpose.REMEDIATE, subject=subject,
                              intro=f"{intro}\n\n{finding_lines(findings)}", closing=CLOSING)
    except ValidationError:
        return 0


def notify_findings(*, actor, assessment: Assessment, findings: list[Finding],
                    valid_days: int = DEFAULT_LINK_DAYS) -> int:
    """Findings raised by accepting `assessment`: the remediate links open that (read-only)
    assessment with the supplier's open findings. Audit event notify_findings on the assessment."""
    if not findings:
        return 0
    sent = email_findings(
        actor=actor, supplier=assessment.supplier, assessment=assessment, findings=findings, valid_days=valid_days,
        subject=f"Security findings for {assessment.supplier}: {len(findings)} to answer",
        intro=(f"Thank you: we have accepted your security questionnaire. It left {plural(len(findings), 'finding')} "
               "that need a remediation plan by the due date:"))
    if sent:
        record_event(actor=actor, verb="notify_findings", instance=assessment,
                     changes={"emails": [None, sent], "findings": [None, len(findings)]})
    return sent


def notify_signal_findings(*, actor, findings: list[Finding], valid_days: int = DEFAULT_LINK_DAYS) -> dict[str, int]:
    """New findings raised by SBOM/KEV matching in one run, batched per supplier: one email per
    contact listing that supplier's new findings, and one audit event notify_findings per supplier
    emailed. Returns {"suppliers", "emails", "without_contacts"}."""
    by_supplier: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_supplier[finding.supplier_id].append(finding)
    result = {"suppliers": 0, "emails": 0, "without_contacts": 0}
    events = []
    for supplier in Supplier.objects.filter(pk__in=by_supplier).order_by("pk"):
        mine = by_supplier[supplier.pk]
        sent = email_findings(
            actor=actor, supplier=supplier, findings=mine, valid_days=valid_days,
            subject=f"Known exploited vulnerabilities in {supplier}'s software: {len(mine)} to answer",
            intro=(f"A software bill of materials (SBOM) you supplied names components listed in CISA's Known "
                   f"Exploited Vulnerabilities catalog. This raised {plural(len(mine), 'new finding')}: please "
                   "confirm whether the versions you ship are affected and take the required action by the due date:"))
        if not sent:
            result["without_contacts"] += 1
            continue
        result["suppliers"] += 1
        result["emails"] += sent
        events.append(pending_for("notify_findings", supplier, {
            "emails": [None, sent], "findings": [None, len(mine)], "cves": [None, sorted(f.cve for f in mine)]}))
    if events:
        record_events(actor=actor, events=events)
    return result
