"""The regulators' clocks as pure functions: facts about an incident in, obligations due out.

The rules are data (`data/regulatory_rules.json`, versioned, each rule with its legal source);
this module only knows how each regime's kind of rule is evaluated. No Django here: the services
gather the facts and store what comes out (services/obligations.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("data") / "regulatory_rules.json"


@dataclass(frozen=True)
class NetworkImpact:
    network_id: int
    ref: str
    country: str
    kind: str
    subscribers_affected: int
    restore_target_hours: float


@dataclass(frozen=True)
class IncidentFacts:
    impact_started: dt.datetime
    detected: dt.datetime
    resolved: dt.datetime | None
    as_of: dt.datetime  # "now" for an open incident: thresholds met so far
    networks: tuple[NetworkImpact, ...]
    personal_data: bool = False
    nis2_significant: bool = False
    user_base: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, kind) → users
    submitted: dict[str, dt.datetime] = field(default_factory=dict)  # obligation code → submitted at

    @property
    def end(self) -> dt.datetime:
        return self.resolved or self.as_of


@dataclass(frozen=True)
class Due:
    code: str
    regime: str
    rule: str
    authority: str
    legal_source: str
    clock_started: dt.datetime
    due: dt.datetime
    network_id: int | None = None
    country: str = ""
    report_fields: dict = field(default_factory=dict)


@cache
def load_rules(path: Path = RULES_FILE) -> dict:
    data = json.loads(path.read_text())
    return {"version": data["version"], **{rule["id"]: rule for rule in data["rules"]}}


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else None


def fcc_threshold_time(*, impact_started: dt.datetime, subscribers: int, min_minutes: float,
                       min_user_minutes: float) -> dt.datetime | None:
    """When an outage affecting `subscribers` from `impact_started` first meets both thresholds."""
    if subscribers <= 0:
        return None
    minutes = max(min_minutes, min_user_minutes / subscribers)
    return impact_started + dt.timedelta(minutes=minutes)


def evaluate_fcc(facts: IncidentFacts, rule: dict) -> list[Due]:
    us = [n for n in facts.networks if n.country in rule["countries"]]
    subscribers = sum(n.subscribers_affected for n in us)
    met = fcc_threshold_time(impact_started=facts.impact_started, subscribers=subscribers,
                             min_minutes=rule["min_duration_minutes"], min_user_minutes=rule["min_user_minutes"])
    if met is None or facts.end < met:
        return []
    start = max(facts.detected, met)
    duration_minutes = (facts.end - facts.impact_started).total_seconds() / 60
    fields = {"subscribers_affected": subscribers, "user_minutes": round(subscribers * duration_minutes),
              "outage_started": _iso(facts.impact_started), "threshold_met": _iso(met), "detected": _iso(facts.detected),
              "restored": _iso(facts.resolved), "duration_minutes": round(duration_minutes, 1),
              "networks": [n.ref for n in us]}
    return [Due(code=f"fcc_part4.{report['id']}", regime=rule["regime"], rule=report["name"], authority=rule["authority"],
                legal_source=rule["legal_source"], clock_started=start,
                due=start + dt.timedelta(minutes=report["after_minutes"]), country="US", report_fields=fields)
            for report in rule["reports"]]


def enisa_threshold_time(*, impact_started: dt.datetime, end: dt.datetime, affected: int, national_users: int | None,
                         rule: dict) -> tuple[dt.datetime, str] | None:
    """The earliest moment one of ENISA's thresholds is passed, and which, or None."""
    candidates = []
    if national_users:
        share = affected / national_users
        for row in rule["thresholds"]:
            passes = impact_started + dt.timedelta(hours=row["over_hours"])
            # "over 1 h and over 15 %": both strictly exceeded.
            if share > row["over_share"] and end > passes:
                candidates.append((passes, f"over {row['over_hours']} h and over {row['over_share']:.0%} of national users"))
    if affected > 0:
        reached = impact_started + dt.timedelta(hours=rule["min_user_hours"] / affected)
        if end >= reached:
            candidates.append((reached, f"{rule['min_user_hours']:,} user-hours"))
    return min(candidates) if candidates else None


def evaluate_eecc(facts: IncidentFacts, rule: dict) -> list[Due]:
    groups: dict[tuple[str, str], list[NetworkImpact]] = defaultdict(list)
    for network in facts.networks:
        if network.country in rule["countries"]:
            groups[(network.country, network.kind)].append(network)
    dues = []
    for (country, kind), networks in sorted(groups.items()):
        affected = sum(n.subscribers_affected for n in networks)
        national = facts.user_base.get((country, kind))
        met = enisa_threshold_time(impact_started=facts.impact_started, end=facts.end, affected=affected,
                                   national_users=national, rule=rule)
        if met is None:
            continue
        when, which = met
        hours = rule["deadline_hours_by_country"].get(country, rule["deadline_hours"])
        duration_hours = (facts.end - facts.impact_started).total_seconds() / 3600
        fields = {"country": country, "service": kind, "users_affected": affected, "national_users": national,
                  "share_of_national_users": round(affected / national, 6) if national else None,
                  "user_hours": round(affected * duration_hours), "duration_hours": round(duration_hours, 2),
                  "threshold": which, "threshold_met": _iso(when), "networks": [n.ref for n in networks]}
        dues.append(Due(code=f"eecc_art40.{country}.{kind}", regime=rule["regime"], rule=f"{rule['name']} ({country}, {kind})",
                        authority=rule["authorities"].get(country, f"national regulatory authority ({country})"),
                        legal_source=rule["legal_source"], clock_started=when, due=when + dt.timedelta(hours=hours),
                        country=country, report_fields=fields))
    return dues


def evaluate_nis2(facts: IncidentFacts, rule: dict, eu_countries: list[str]) -> list[Due]:
    if not facts.nis2_significant:
        return []
    countries = sorted({n.country for n in facts.networks if n.country in eu_countries})
    dues = []
    for country in countries:
        starts = {"detected": facts.detected}
        for report in rule["reports"]:
            code = f"nis2_art23.{country}.{report['id']}"
            start = starts[report["from"]]
            if "after_months" in report:
                due = add_months(start, report["after_months"])
            else:
                due = start + dt.timedelta(minutes=report["after_minutes"])
            # a later report counts from the earlier one: when it was submitted, else when it was due
            starts[report["id"]] = facts.submitted.get(code) or due
            dues.append(Due(code=code, regime=rule["regime"], rule=f"{report['name']} ({country})",
                            authority=f"{rule['authority']} ({country})", legal_source=rule["legal_source"],
                            clock_started=start, due=due, country=country,
                            report_fields={"country": country, "detected": _iso(facts.detected),
                                           "networks": [n.ref for n in facts.networks if n.country == country]}))
    return dues


def evaluate_gdpr(facts: IncidentFacts, rule: dict) -> list[Due]:
    if not facts.personal_data:
        return []
    return [Due(code="gdpr_art33", regime=rule["regime"], rule=rule["name"], authority=rule["authority"],
                legal_source=rule["legal_source"], clock_started=facts.detected,
                due=facts.detected + dt.timedelta(minutes=rule["after_minutes"]),
                report_fields={"detected": _iso(facts.detected), "countries": sorted({n.country for n in facts.networks})})]


def evaluate_restore_targets(facts: IncidentFacts, rule: dict) -> list[Due]:
    return [Due(code=f"restore_target.{n.network_id}", regime=rule["regime"], rule=f"restore target of {n.ref} ({n.restore_target_hours:g} h)",
                authority="customer (service agreement)", legal_source=rule["legal_source"], clock_started=facts.impact_started,
                due=facts.impact_started + dt.timedelta(hours=n.restore_target_hours), network_id=n.network_id,
                country=n.country, report_fields={"network": n.ref, "restore_target_hours": n.restore_target_hours})
            for n in facts.networks]


def evaluate(facts: IncidentFacts, rules: dict | None = None) -> list[Due]:
    """Every obligation the incident owes as of `facts.as_of`, ordered by due time."""
    rules = rules or load_rules()
    dues = (evaluate_fcc(facts, rules["fcc_part4"]) + evaluate_eecc(facts, rules["eecc_art40"])
            + evaluate_nis2(facts, rules["nis2_art23"], rules["eecc_art40"]["countries"])
            + evaluate_gdpr(facts, rules["gdpr_art33"]) + evaluate_restore_targets(facts, rules["restore_target"]))
    return sorted(dues, key=lambda d: (d.due, d.code))


def nis2_suggested(*, severity: int, countries: set[str], kind: str, rules: dict | None = None) -> bool:
    """Steadfast suggests marking an incident significant under NIS2 when it is SEV1/SEV2 (or a
    security incident) in an EU/EEA network; a person decides."""
    rules = rules or load_rules()
    in_eu = bool(countries & set(rules["eecc_art40"]["countries"]))
    return in_eu and (severity <= 2 or kind == "security")
