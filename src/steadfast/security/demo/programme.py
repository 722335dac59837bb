"""The plan of the demo's assessment programme over three years, as plain values (nothing is written
here): which campaigns ran when, which suppliers each one assessed, and where each assessment got to.

The last twelve months: quarterly tier-1 reassessments (the current quarter's still running, with
laggards past their due date), an annual review of tier 2 and one of tiers 3 and 4, a reassessment
of software suppliers after a known-exploited vulnerability, and onboarding assessments of the
suppliers taken on during the year. Before that: the programme's baseline two years ago and the
annual review a year ago, both closed. A supplier's control quality moves between its assessments:
most improve, some slip.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# (launch, days before today; days to answer) of the last year's campaigns.
TIER1_SLOTS = (330, 240, 150, 60)  # four quarterly tier-1 waves; the last is the one running now
TIER1_ANSWER_DAYS = 56
TIER2_REVIEW, TIER34_REVIEW, KEV_REVIEW = (300, 75), (210, 90), (125, 30)
ONBOARDING_DAYS = (350, 3)  # onboarding assessments start between these many days ago
ONBOARDING_SHARE = 0.05  # suppliers taken on during the year: their only assessment is the onboarding one
KEV_SUPPLIERS = (3, 0.01)  # at least 3, about 1 % of suppliers
# The history: (launch days ago, days over which answers arrived, share of suppliers in it).
BASELINE, LAST_YEAR_REVIEW = (1065, 200, 0.8), (700, 190, 0.92)
KEV_CAMPAIGN_NAME = "KEV reassessment: Apache ActiveMQ (CVE-2023-46604)"
# Where the assessments of the running tier-1 wave stand (share of the wave, state), the rest accepted.
RUNNING_WAVE_STATES = ((0.05, "submitted"), (0.03, "returned"), (0.03, "in_progress"), (0.03, "invited"),
                       (0.02, "draft"))
ONBOARDING_OPEN_DAYS = 30  # an onboarding assessment started within this many days may still be open
RETURNED_ONCE = 0.15  # accepted assessments that were returned for rework once first
AWAITING = ("invited", "in_progress", "returned")


@dataclass
class PlannedCampaign:
    name: str
    launched: dt.date
    due: dt.date
    status: str  # "closed" or "running"
    filter: dict
    keep_answers: bool  # the last year's assessments carry their answers; older ones only scores
    assessments: list[PlannedAssessment] = field(default_factory=list)


@dataclass
class PlannedAssessment:
    supplier_id: int
    status: str
    quality: float  # the share of controls answered "yes" (0-1)
    created: dt.datetime
    due: dt.date
    invited: dt.datetime | None = None
    submitted: dt.datetime | None = None
    returned: dt.datetime | None = None
    accepted: dt.datetime | None = None


@dataclass(frozen=True)
class SupplierFacts:
    pk: int
    ref: str
    tier: int
    category: str


def quarter_name(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


class _Clock:
    """Dates of one assessment's life inside its campaign, never later than yesterday."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today = rng, today
        self.latest = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(17, 0), tzinfo=dt.UTC)

    def at(self, day: dt.date, spread_days: float = 0) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC) + dt.timedelta(
            days=self.rng.uniform(0, spread_days), hours=self.rng.uniform(0, 9))
        return min(moment, self.latest)

    def life(self, plan: PlannedAssessment, launched: dt.date, answer_days: int) -> PlannedAssessment:
        """Fill in the dates the status implies: invited at launch, submitted within the answer time
        (a few late), accepted days after submission, some returned once in between."""
        rng = self.rng
        if plan.status == "draft":
            return plan
        plan.invited = self.at(launched, 3)
        if plan.status == "invited":
            return plan
        if plan.status == "in_progress":
            return plan
        late = rng.random() < 0.1
        answer = rng.uniform(answer_days * 0.8, answer_days * 1.3) if late else rng.uniform(7, answer_days * 0.9)
        plan.submitted = min(plan.invited + dt.timedelta(days=answer), self.latest)
        if plan.status == "submitted":
            return plan
        if plan.status == "returned" or rng.random() < RETURNED_ONCE:
            plan.returned = min(plan.submitted + dt.timedelta(days=rng.uniform(2, 7)), self.latest)
            if plan.status == "returned":
                return plan
            plan.submitted = min(plan.returned + dt.timedelta(days=rng.uniform(4, 15)), self.latest)
        plan.accepted = min(plan.submitted + dt.timedelta(days=rng.uniform(1, 12)), self.latest)
        plan.submitted = min(plan.submitted, plan.accepted)
        if plan.returned and plan.returned > plan.submitted:
            plan.returned = plan.submitted
        return plan


def _quality_path(rng: random.Random) -> tuple[float, float, float]:
    """(two years ago, a year ago, now): most suppliers improve, about one in four slips."""
    now = min(0.99, max(0.6, rng.gauss(0.88, 0.06)))
    if rng.random() < 0.75:
        year_ago = now - rng.uniform(0.03, 0.10)
        before = year_ago - rng.uniform(0.02, 0.08)
    else:
        year_ago = now + rng.uniform(0.02, 0.08)
        before = year_ago + rng.uniform(-0.04, 0.04)
    clip = lambda q: round(min(0.99, max(0.4, q)), 3)  # noqa: E731
    return clip(before), clip(year_ago), clip(now)


def plan_programme(*, suppliers: list[SupplierFacts], rng: random.Random, today: dt.date,
                   exclude_last_year: set[int], keep_first_ref: str | None) -> list[PlannedCampaign]:
    """The campaigns of the programme with their assessments. `exclude_last_year`: suppliers the
    services already assessed in the last year (they still get their history). No supplier whose
    ref sorts before `keep_first_ref` is left waiting on a questionnaire, so the demo respondent keeps
    the supplier the services chose for it."""
    clock = _Clock(rng, today)
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    quality = {s.pk: _quality_path(rng) for s in suppliers}
    campaigns: list[PlannedCampaign] = []

    pool = [s for s in suppliers if s.pk not in exclude_last_year]
    rng.shuffle(pool)
    onboarded = pool[: round(ONBOARDING_SHARE * len(pool))]
    regular = pool[len(onboarded):]
    newcomers = {s.pk for s in onboarded}

    def may_wait(supplier: SupplierFacts) -> bool:
        return keep_first_ref is None or supplier.ref > keep_first_ref

    # --- history: the baseline two years ago and last year's annual review (scores only) ---
    for (launch, spread, share), name, index in ((BASELINE, "Supplier security baseline", 0),
                                                 (LAST_YEAR_REVIEW, "Annual supplier review", 1)):
        launched = ago(launch)
        campaign = PlannedCampaign(f"{name} {launched.year}", launched, launched + dt.timedelta(days=spread),
                                   "closed", {}, keep_answers=False)
        for s in suppliers:
            if s.pk in newcomers or rng.random() >= share:
                continue
            plan = PlannedAssessment(s.pk, "accepted", quality[s.pk][index], clock.at(launched, 2),
                                     launched + dt.timedelta(days=spread))
            # Answers arrived over the campaign's months: start each supplier's clock somewhere in it.
            start = launched + dt.timedelta(days=rng.uniform(0, spread - 30))
            campaign.assessments.append(clock.life(plan, start, 30))
        campaigns.append(campaign)

    # --- the last twelve months ---
    def wave(name: str, launch: int, answer_days: int, members: list[SupplierFacts], flt: dict,
             running_states: tuple = ()) -> None:
        launched = ago(launch)
        due = launched + dt.timedelta(days=answer_days)
        campaign = PlannedCampaign(name, launched, due, "running" if running_states else "closed", flt,
                                   keep_answers=True)
        waiting = [s for s in members if may_wait(s)]
        rng.shuffle(waiting)
        states: dict[int, str] = {}
        start = 0
        for share, state in running_states:
            count = max(1, round(share * len(members))) if members else 0
            for s in waiting[start:start + count]:
                states[s.pk] = state
            start += count
        for s in sorted(members, key=lambda s: s.pk):
            plan = PlannedAssessment(s.pk, states.get(s.pk, "accepted"), quality[s.pk][2], clock.at(launched), due)
            campaign.assessments.append(clock.life(plan, launched, answer_days))
        campaigns.append(campaign)

    tier1 = [s for s in regular if s.tier == 1]
    for n, launch in enumerate(TIER1_SLOTS):
        last = n == len(TIER1_SLOTS) - 1
        wave(f"Tier 1 quarterly reassessment {quarter_name(ago(launch))}", launch, TIER1_ANSWER_DAYS,
             tier1[n::len(TIER1_SLOTS)], {"tier": [1], "due": True}, RUNNING_WAVE_STATES if last else ())
    wave(f"Tier 2 annual review {ago(TIER2_REVIEW[0]).year}", *TIER2_REVIEW,
         [s for s in regular if s.tier == 2], {"tier": [2]})
    wave(f"Tier 3 and 4 annual review {ago(TIER34_REVIEW[0]).year}", *TIER34_REVIEW,
         [s for s in regular if s.tier >= 3], {"tier": [3, 4]})
    software = [s for s in regular if s.category == "software" and s.tier >= 2]
    least, share = KEV_SUPPLIERS
    wave(KEV_CAMPAIGN_NAME, *KEV_REVIEW, software[: max(least, round(share * len(suppliers)))],
         {"category": ["software"], "due": True})

    # Onboarding: one always-open campaign; each new supplier answers within a month of joining.
    launched = ago(ONBOARDING_DAYS[0] + 5)
    onboarding = PlannedCampaign(f"Supplier onboarding {launched.year}-{today.year}", launched,
                                 today + dt.timedelta(days=30), "running", {"due": True}, keep_answers=True)
    for s in sorted(onboarded, key=lambda s: s.pk):
        joined = ago(rng.randint(ONBOARDING_DAYS[1], ONBOARDING_DAYS[0]))
        status = "accepted"
        if (today - joined).days < ONBOARDING_OPEN_DAYS:
            status = rng.choice(("accepted", "submitted", "in_progress", "invited") if may_wait(s)
                                else ("accepted", "submitted"))
        plan = PlannedAssessment(s.pk, status, quality[s.pk][2], clock.at(joined), joined + dt.timedelta(days=30))
        onboarding.assessments.append(clock.life(plan, joined, 25))
    campaigns.append(onboarding)
    return campaigns
