"""The demo's findings spread over every state: remediation planned, verified closed, risk accepted, exception."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from steadfast.security.models import Finding
from steadfast.security.models.findings import FindingStatus
from steadfast.security.services import acceptance, remediation

# (share, state) for findings of the finished campaign, in order; the rest stay open.
FINDING_STATES = ((0.25, FindingStatus.REMEDIATION_PLANNED), (0.20, FindingStatus.VERIFIED_CLOSED),
                  (0.10, FindingStatus.RISK_ACCEPTED), (0.05, FindingStatus.EXCEPTION))
MAX_FINDING_CHANGES = 120


def move_findings(*, actor, approver, findings: list[Finding], rng: random.Random, today: dt.date) -> Counter:
    """Spread findings over every state: remediation planned, verified closed, risk accepted, exception."""
    moved: Counter = Counter()
    findings = findings[:MAX_FINDING_CHANGES]
    start = 0
    for share, state in FINDING_STATES:
        count = max(1, round(share * len(findings)))
        for finding in findings[start:start + count]:
            if state in (FindingStatus.REMEDIATION_PLANNED, FindingStatus.VERIFIED_CLOSED):
                remediation.plan_remediation(actor=actor, finding=finding, due=today + dt.timedelta(days=rng.randint(14, 90)),
                                             plan="Roll out the control across all sites serving us; evidence to follow.")
                if state == FindingStatus.VERIFIED_CLOSED:
                    remediation.close_finding(actor=actor, finding=finding, note="Evidence reviewed, control in place.")
            else:
                asked = acceptance.request_acceptance(
                    actor=actor, finding=finding, kind=state, expires=today + dt.timedelta(days=rng.randint(60, 365)),
                    reason="Compensating controls on our side; the supplier is being replaced.")
                if asked.decision == asked.Decision.PENDING:  # critical or high: a second person approves
                    acceptance.decide_acceptance(actor=approver, acceptance=asked, approve=True,
                                                 note="Compensating controls checked with the network team.")
            moved[state] += 1
        start += count
    return moved
