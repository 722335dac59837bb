"""Hazards weighted by each country's INFORM scores; causes, durations and shares that go with each."""

from __future__ import annotations

import csv
import random
from functools import cache
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent.parent / "data"

# Everyday hazards of any network, per hundred incidents, before the country's natural hazards.
BASE_WEIGHTS = {"software_defect": 30.0, "hardware_fault": 17.0, "fibre_cut": 20.0, "power_outage": 12.0,
                "cyber_attack": 4.0}
# INFORM score (0-10) → extra weight
NATURAL = {"earthquake": ("risk_earthquake", 0.9), "flood": (("risk_flood_river", "risk_flood_coastal"), 0.8),
           "storm": ("risk_tropical_cyclone", 1.0), "epidemic": ("risk_epidemic", 0.15)}
CONFLICT_FACTOR = 0.7
CAUSES = {
    "software_defect": {"system_failure": 65, "human_error": 35}, "hardware_fault": {"system_failure": 85, "human_error": 5,
                                                                                    "third_party_failure": 10},
    "fibre_cut": {"third_party_failure": 70, "human_error": 10, "natural_phenomenon": 10, "malicious_action": 10},
    "power_outage": {"third_party_failure": 75, "natural_phenomenon": 15, "system_failure": 10},
    "cyber_attack": {"malicious_action": 100}, "earthquake": {"natural_phenomenon": 100}, "flood": {"natural_phenomenon": 100},
    "storm": {"natural_phenomenon": 100}, "epidemic": {"natural_phenomenon": 100}, "conflict": {"malicious_action": 100},
}
# median hours to resolve, and the spread (lognormal sigma)
RESOLVE_HOURS = {"software_defect": (1.6, 0.8), "hardware_fault": (2.0, 0.7), "fibre_cut": (4.5, 0.6),
                 "power_outage": (2.8, 0.7), "cyber_attack": (20.0, 0.9), "earthquake": (30.0, 0.8), "flood": (22.0, 0.8),
                 "storm": (14.0, 0.8), "epidemic": (10.0, 1.0), "conflict": (40.0, 1.0)}
# median share of the network's subscribers affected
SHARE = {"software_defect": 0.08, "hardware_fault": 0.03, "fibre_cut": 0.03, "power_outage": 0.02, "cyber_attack": 0.06,
         "earthquake": 0.12, "flood": 0.05, "storm": 0.06, "epidemic": 0.01, "conflict": 0.15}
KIND_OF = {"cyber_attack": "security", "epidemic": "degradation"}
TITLES = {
    "software_defect": ("{product} software upgrade left {net} subscribers unable to attach", "Packet core crash loop after {product} patch",
                        "Signalling storm in {net} after configuration change", "VoLTE registrations failing in {net}"),
    "hardware_fault": ("Line card failure on {net} aggregation routers", "Power supply fault in {net} core site",
                       "Optical transponder failures on {net} backbone"),
    "fibre_cut": ("Fibre cut on {net} backbone (civil works)", "Dual fibre cut isolates {net} region",
                  "Submarine cable fault degrades {net} international traffic"),
    "power_outage": ("Grid outage takes down {net} sites", "Regional power failure: {net} base stations on battery"),
    "cyber_attack": ("DDoS against {net} DNS resolvers", "Ransomware at {net} managed service provider",
                     "Unauthorised access to {net} element manager"),
    "earthquake": ("Earthquake damages {net} sites", "Aftershocks isolate {net} core site"),
    "flood": ("Flooding at {net} exchange buildings", "River flood cuts {net} transport links"),
    "storm": ("Tropical storm outages across {net}", "Typhoon damage to {net} radio sites"),
    "epidemic": ("Field staff shortage delays {net} repairs (epidemic)",),
    "conflict": ("Armed conflict cuts {net} transport links", "Sabotage of {net} fibre routes"),
}


@cache
def _scores() -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    with (DATA / "inform_latest.csv").open() as handle:
        for row in csv.DictReader(handle):
            scores[row["iso3"]] = {k: float(v) for k, v in row.items() if k.startswith("risk_")}
    with (DATA / "inform_conflict_2026.csv").open() as handle:
        for row in csv.DictReader(handle):
            scores.setdefault(row["iso3"], {})["conflict"] = float(row["conflict_score"])
    return scores


@cache
def hazard_weights(country: str) -> dict[str, float]:
    entry = pycountry.countries.get(alpha_2=country)
    score = _scores().get(entry.alpha_3 if entry else "", {})
    weights = dict(BASE_WEIGHTS)
    for hazard, (fields, factor) in NATURAL.items():
        fields = fields if isinstance(fields, tuple) else (fields,)
        weights[hazard] = factor * sum(score.get(f, 0.0) for f in fields)
    weights["conflict"] = CONFLICT_FACTOR * score.get("conflict", 0.0)
    return weights


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
