"""The inherent-risk formula over plain values: every factor, its weight (the most points it can add)
and the rules that put a supplier in a higher security tier whatever its score
(docs/security.md, "Inherent risk and tiering").

    score = Σ factor points, at most 100
      access and data (35):  the intake flags that are set (INTAKE_POINTS)
      revenue exposed (20):  20·f(revenue share)
      customer networks (15): 15·f(criticality-weighted network share)
      subscribers (3), products (2): 3·f(subscriber share), 2·f(product share)
      sole sourcing (10):    2 per item only this supplier makes, at most 10
      known-exploited vulnerabilities (15): 10 with any open KEV finding, 5 more when CISA knows
                             ransomware uses one of them
    tier = 1 if score ≥ 50, 2 if ≥ 30, 3 if ≥ 15, else 4; then the rules raise it:
      ≥ 20 % of revenue depending on it alone, or a KEV used by ransomware → tier 1;
      ≥ 5 % of revenue depending on it alone, or any open KEV finding → at least tier 2.
    An analyst's override wins over both.

"Depending on it alone" is the revenue of the products above the items only this supplier makes
(sole sourcing): that revenue stops if the supplier is lost. The reach factors above count every
product the supplier's items go into, dual-sourced or not; on a real map most suppliers reach a
large share that way (the demo's median supplier reaches 11 % of revenue and half the weighted
networks), so reach raises the score but does not by itself force a tier. Customer networks are
not a rule: a network runs many products, and reaching one of them is not dependence.

f(s) = log10(1 + 99·s) / 2 is 0 at a share of 0 and 1 at a share of 1, with 1% already giving 0.15
and 10% giving 0.52: on a map of thousands of suppliers most shares are small, and the log keeps them
apart. The rules exist because a weighted sum can hide one overwhelming factor: a supplier carrying
half the revenue is tier 1 even when it touches no data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from steadfast.core.money import format_money

# Intake flag → (points, what it means). The points add up to INTAKE_MAX.
INTAKE_POINTS: dict[str, tuple[int, str]] = {
    "network_access": (10, "Has access into customer networks"),
    "software_in_products": (8, "Supplies software or firmware in our products"),
    "remote_access": (6, "Has remote access to our systems"),
    "personal_data": (6, "Processes personal data for us"),
    "hosts_our_data": (3, "Hosts our data"),
    "physical_access": (2, "Has physical access to our or customers' sites"),
}
INTAKE_FLAGS = tuple(INTAKE_POINTS)
INTAKE_MAX = 35
MAP_POINTS = {"revenue": 20, "networks": 15, "subscribers": 3, "products": 2}
MAP_MAX = 40
SOLE_SOURCE_POINTS_EACH, SOLE_SOURCE_MAX = 2, 10
KEV_OPEN_POINTS, KEV_RANSOMWARE_POINTS = 10, 5
KEV_MAX = KEV_OPEN_POINTS + KEV_RANSOMWARE_POINTS
# Lowest score of each tier, highest risk first; below the last one a supplier is tier 4.
TIER_THRESHOLDS = ((1, 50.0), (2, 30.0), (3, 15.0))
# A share of revenue depending on the supplier alone at or above these puts it in tier 1 / at least 2.
TIER1_SHARE, TIER2_SHARE = 0.20, 0.05

assert sum(points for points, _ in INTAKE_POINTS.values()) == INTAKE_MAX
assert sum(MAP_POINTS.values()) == MAP_MAX
assert INTAKE_MAX + MAP_MAX + SOLE_SOURCE_MAX + KEV_MAX == 100


@dataclass(frozen=True)
class KevSignal:
    """A supplier's open findings from CISA's known-exploited vulnerabilities catalog."""

    open: int = 0
    ransomware: int = 0  # of them, CISA knows ransomware campaigns use
    first_found: object = None  # date the earliest open one was raised


NO_KEV = KevSignal()


def share_factor(share: float) -> float:
    """f(s) = log10(1 + 99·s) / 2: 0 → 0, 1% → 0.15, 10% → 0.52, 100% → 1."""
    share = min(max(share, 0.0), 1.0)
    return math.log10(1.0 + 99.0 * share) / 2.0


def share(part, whole) -> float:
    return float(part) / float(whole) if whole else 0.0


@dataclass(frozen=True)
class InherentRisk:
    score: float
    tier: int
    score_tier: int  # the tier from the score alone, before the rules
    reasons: list[dict]  # one row per factor and per rule that applied: see `_factor`


def tier_for(score: float) -> int:
    for tier, lowest in TIER_THRESHOLDS:
        if score >= lowest:
            return tier
    return 4


def _factor(factor: str, detail: str, points: float, weight: int) -> dict:
    # `raw` keeps the exact points for the sum; it is dropped before the reasons are stored.
    return {"kind": "factor", "factor": factor, "detail": detail, "points": round(points, 2), "weight": weight,
            "raw": points}


def _rule(detail: str, tier: int) -> dict:
    return {"kind": "rule", "factor": f"Raised to tier {tier}", "detail": detail, "points": None, "weight": None,
            "tier": tier}


def inherent_risk(*, intake: dict[str, bool], exposure, totals, sole_sourced: int = 0, sole_revenue=0,
                  kev: KevSignal = NO_KEV) -> InherentRisk:
    """The formula over plain values (hand-checkable in tests). `exposure` and `totals` carry
    products, network_weight, subscribers, revenue (and exposure networks, critical_networks);
    `sole_revenue` is the annual revenue of the products above the `sole_sourced` items."""
    reasons: list[dict] = []
    for flag, (points, text) in INTAKE_POINTS.items():
        reasons.append(_factor(text, "yes" if intake.get(flag) else "no", points if intake.get(flag) else 0, points))
    revenue_share = share(exposure.revenue, totals.revenue)
    dependent_share = share(sole_revenue, totals.revenue)
    network_share = share(exposure.network_weight, totals.network_weight)
    critical = f", {exposure.critical_networks} critical" if exposure.critical_networks else ""
    reasons += [
        _factor("Revenue exposed", f"{format_money(exposure.revenue)} a year, {100 * revenue_share:.1f}% of the total",
                MAP_POINTS["revenue"] * share_factor(revenue_share), MAP_POINTS["revenue"]),
        _factor("Customer networks exposed",
                f"{exposure.networks:,} network{'s' * (exposure.networks != 1)}{critical}, "
                f"{100 * network_share:.1f}% of all networks weighted by criticality",
                MAP_POINTS["networks"] * share_factor(network_share), MAP_POINTS["networks"]),
        _factor("Subscribers reached", f"{exposure.subscribers:,}",
                MAP_POINTS["subscribers"] * share_factor(share(exposure.subscribers, totals.subscribers)),
                MAP_POINTS["subscribers"]),
        _factor("Products it goes into", f"{exposure.products:,} of {totals.products:,}",
                MAP_POINTS["products"] * share_factor(share(exposure.products, totals.products)),
                MAP_POINTS["products"]),
        _factor("Sole sourcing", f"{sole_sourced:,} item{'s' * (sole_sourced != 1)} no one else makes, in products "
                f"earning {float(sole_revenue):,.0f} a year ({100 * dependent_share:.1f}% of revenue)",
                min(SOLE_SOURCE_MAX, SOLE_SOURCE_POINTS_EACH * sole_sourced), SOLE_SOURCE_MAX),
        _factor("Known-exploited vulnerabilities (CISA KEV)", f"{kev.open:,} open finding{'s' * (kev.open != 1)}",
                KEV_OPEN_POINTS if kev.open else 0, KEV_OPEN_POINTS),
        _factor("KEV used in ransomware campaigns", f"{kev.ransomware:,} of them" if kev.open else "none",
                KEV_RANSOMWARE_POINTS if kev.ransomware else 0, KEV_RANSOMWARE_POINTS),
    ]
    score = round(min(100.0, sum(r.pop("raw") for r in reasons)), 2)
    score_tier = tier = tier_for(score)
    floors = []
    if dependent_share >= TIER1_SHARE:
        floors.append((1, f"{100 * dependent_share:.1f}% of revenue depends on it alone "
                          f"(tier 1 from {100 * TIER1_SHARE:.0f}%)"))
    elif dependent_share >= TIER2_SHARE:
        floors.append((2, f"{100 * dependent_share:.1f}% of revenue depends on it alone "
                          f"(at least tier 2 from {100 * TIER2_SHARE:.0f}%)"))
    if kev.ransomware:
        floors.append((1, "carries a known-exploited vulnerability used in ransomware campaigns"))
    elif kev.open:
        floors.append((2, "carries an open known-exploited vulnerability"))
    for floor, detail in floors:
        if floor < tier:
            tier = floor
            reasons.append(_rule(detail, floor))
    return InherentRisk(score=score, tier=tier, score_tier=score_tier, reasons=reasons)
