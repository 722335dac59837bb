"""What became of each demo finding by today: closed after a plausible time, carried as an accepted
risk or exception (approved by a second person, with an expiry), or still open, with a plan or not.

Each finding gets a time to resolve drawn as a multiple of its due period (critical 30 days, high 60,
medium 90, low 180): log-normal around LATENESS[tier], so tier-1 suppliers mostly close within the
due period and tiers 3-4 more often late (never more than MAX_DAYS). A finding whose time has not
come by today is open; it is overdue when its due date has passed. On the full demo map about 20 % of
the open findings are overdue, most of those at tier 3-4 suppliers (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from steadfast.security.models.findings import FindingStatus
from steadfast.security.services.remediation import due_days

# Median time to resolve as a share of the due period, per security tier; log-normal spread.
LATENESS = {1: 0.5, 2: 0.55, 3: 1.0, 4: 1.2}
SPREAD = 0.6
MIN_DAYS = 7  # nothing is verified closed in less than a week
# Nothing stays open longer than 2.5 due periods and four months: the next review chases it.
MAX_DAYS = (2.5, 120)
ACCEPTED_SHARE = 0.04  # carried as an accepted risk or exception instead of fixed
EXCEPTION_SHARE = 0.3  # of those, exceptions
PLANNED_SHARE = 0.65  # open findings the supplier has answered with a remediation plan

CLOSURE_NOTES = (
    "Evidence reviewed: the control is in place at every site serving us.",
    "Screenshot of the enforced policy and the change ticket reviewed.",
    "Supplier's updated procedure and training records reviewed; control verified.",
    "Retested on the supplier's remote-access gateway; the gap is closed.",
    "Certificate and statement of applicability now cover the service we buy.",
    "Verified in the follow-up call with the supplier's security officer.",
)
PLANS = (
    "Roll out the control across all sites serving us; evidence to follow.",
    "Policy update approved; implementation scheduled with our IT provider.",
    "Tooling purchased; deployment to production systems under way.",
    "Procedure drafted; training for the operations team booked.",
)
ACCEPTANCE_REASONS = (
    "Compensating controls on our side (network segmentation, no remote access).",
    "The service is being moved to another supplier before the fix would land.",
    "Low exposure: the supplier handles no data of ours on the affected systems.",
)
APPROVAL_NOTES = ("Compensating controls checked with the network team.", "Agreed at the security risk board.")


@dataclass
class Fate:
    status: str
    remediation_plan: str = ""
    remediation_due: dt.date | None = None
    closed_at: dt.datetime | None = None
    closure_note: str = ""
    acceptance_reason: str = ""
    acceptance_expires: dt.date | None = None
    decided_at: dt.datetime | None = None
    decision_note: str = ""


def resolve_days(rng: random.Random, *, severity: str, tier: int | None) -> float:
    median = LATENESS.get(tier or 4, LATENESS[4])
    period = due_days(severity)
    days = period * math.exp(rng.gauss(math.log(median), SPREAD))
    return min(max(MIN_DAYS, days), MAX_DAYS[0] * period + MAX_DAYS[1])


def fate(rng: random.Random, *, raised: dt.datetime, severity: str, tier: int | None, today: dt.date,
         now: dt.datetime) -> Fate:
    """The state a finding raised at `raised` is in today."""
    days = resolve_days(rng, severity=severity, tier=tier)
    resolved = raised + dt.timedelta(days=days, hours=rng.uniform(0, 8))
    planned_by = (raised + dt.timedelta(days=rng.uniform(3, 20))).date()
    plan = rng.choice(PLANS)
    if resolved.date() >= today:  # still open
        if rng.random() < PLANNED_SHARE and planned_by < today:
            return Fate(FindingStatus.REMEDIATION_PLANNED, plan, max(resolved.date(), today + dt.timedelta(days=7)))
        return Fate(FindingStatus.OPEN)
    # Accepted risks still run today: only recent decisions are carried, older ones were fixed since.
    if rng.random() < ACCEPTED_SHARE and (today - resolved.date()).days < 300:
        kind = FindingStatus.EXCEPTION if rng.random() < EXCEPTION_SHARE else FindingStatus.RISK_ACCEPTED
        expires = resolved.date() + dt.timedelta(days=rng.choice((180, 270, 365)))
        if expires <= today:  # renewed at its review
            expires = today + dt.timedelta(days=rng.randint(30, 180))
        return Fate(kind, acceptance_reason=rng.choice(ACCEPTANCE_REASONS), acceptance_expires=expires,
                    decided_at=min(resolved, now), decision_note=rng.choice(APPROVAL_NOTES))
    return Fate(FindingStatus.VERIFIED_CLOSED, plan, resolved.date(), closed_at=min(resolved, now),
                closure_note=rng.choice(CLOSURE_NOTES))
