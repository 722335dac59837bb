"""Annual event rates per (hazard, country) calibrated from the INFORM hazard scores, and per
supplier from its security posture. Pure Python: no database here.

INFORM scores hazards on a 0-10 scale built from the (log-scaled) share of people and assets
exposed, so equal steps on the scale are equal *factors* of exposure. The calibration follows:

    rate(h, c) = R_h × 10 ** ((score(h, c) − 10) / 5)        (0 when the score is 0)

A score of 10 gives R_h events a year that stop a country's sites; every 5 points lower divides
the rate by ten (a score of 5 gives R_h / 10, a score of 0.1 about R_h / 95). R_h and the
event's time to recover (TTR) per hazard are in HAZARDS.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class HazardModel:
    name: str
    columns: tuple[str, ...]  # INFORM columns (the largest is the score)
    rate_at_10: float  # events a year stopping the country's sites at score 10
    ttr_days: float  # how long such an event keeps the sites down


HAZARDS: dict[str, HazardModel] = {
    "earthquake": HazardModel("earthquake", ("risk_earthquake",), 0.05, 45.0),
    "flood": HazardModel("flood", ("risk_flood_river", "risk_flood_coastal"), 0.10, 21.0),
    "storm": HazardModel("storm", ("risk_tropical_cyclone",), 0.10, 10.0),
    "conflict": HazardModel("conflict", ("conflict_score",), 0.20, 120.0),
    "epidemic": HazardModel("epidemic", ("risk_epidemic",), 0.05, 60.0),
}
SCORE_DECADE = 5.0  # INFORM points per factor of ten in the rate

# Cyber events at a supplier (all its sites): a base rate raised by its security posture.
CYBER_BASE_RATE = 0.01
CYBER_TTR_DAYS = 14.0


def rate_from_score(score: float, rate_at_10: float) -> float:
    if not (0 <= score <= 10):
        raise ValueError(f"an INFORM score is between 0 and 10, got {score!r}")
    if score == 0:
        return 0.0
    return rate_at_10 * 10 ** ((score - 10) / SCORE_DECADE)


def cyber_rate(*, residual_risk: float | None, open_kev_findings: int) -> float:
    """Yearly rate of a disruptive cyber attack at a supplier: the base rate × (1 + residual risk / 25)
    (0-100: up to ×5) × (1 + 0.5 per open known-exploited vulnerability, at most 10 counted)."""
    residual = 50.0 if residual_risk is None else min(max(residual_risk, 0.0), 100.0)
    kev = min(max(open_kev_findings, 0), 10)
    return CYBER_BASE_RATE * (1 + residual / 25) * (1 + 0.5 * kev)


@cache
def inform_scores() -> dict[str, dict[str, float]]:
    """ISO alpha-2 country → hazard → INFORM score (0-10). Conflict: the latest year given."""
    rows: dict[str, dict[str, float]] = {}
    with (DATA / "inform_latest.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["iso3"]] = {k: float(v) for k, v in row.items() if k.startswith("risk_") and v not in ("", None)}
    latest_conflict: dict[str, tuple[int, float]] = {}
    with (DATA / "inform_conflict.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["conflict_score"] in ("", None):
                continue
            year = int(row["year"])
            if year >= latest_conflict.get(row["iso3"], (0, 0.0))[0]:
                latest_conflict[row["iso3"]] = (year, float(row["conflict_score"]))
    for iso3, (_, score) in latest_conflict.items():
        rows.setdefault(iso3, {})["conflict_score"] = score
    answer: dict[str, dict[str, float]] = {}
    for iso3, values in rows.items():
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            continue
        answer[country.alpha_2] = {name: max(values.get(col, 0.0) for col in model.columns)
                                   for name, model in HAZARDS.items()}
    return answer


def country_rates(country: str) -> dict[str, float]:
    """hazard → annual rate of a site-stopping event in the country (an empty dict when INFORM
    does not cover it)."""
    scores = inform_scores().get(country.upper())
    if scores is None:
        return {}
    return {name: rate_from_score(scores[name], HAZARDS[name].rate_at_10) for name in HAZARDS}


def is_valid_rate(value: float) -> bool:
    return math.isfinite(value) and value >= 0
