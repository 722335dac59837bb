"""The demo's supply disruptions: incidents at the vendor's suppliers (a flood at a contract
manufacturer, a sole-source chip allocation cut, an earthquake at a fab, a typhoon at a port, power
rationing, ransomware at a manufacturer), tied to the business map's suppliers, sites and items,
written through the services. Their time to survive is the continuity engine's: one background
job (`incidents.supply_tts`) analyses them all after the demo loads."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from steadfast.incidents import services
from steadfast.incidents.services.supply import start_supply_analyses
from steadfast.network.models import Item, ItemSource, Site, Supplier

PER_YEAR = 3  # at scale 1.0


@dataclass(frozen=True)
class Story:
    title: str
    hazard: str
    cause: str
    category: str  # the supplier's category
    site_kinds: tuple[str, ...]
    countries: tuple[str, ...]  # where this happens (none of them on the map: any country)
    whole_supplier: bool  # every site of the supplier is hit (an allocation cut, ransomware) or one site
    recovery_days: tuple[float, float]  # how long it lasted (the engine takes the site's own time to recover)
    impact: str  # service impact on the vendor's deliveries
    summary: str
    factors: str


STORIES = (
    Story("Flood at contract manufacturer {supplier}: {city} plant stops board assembly", "flood", "natural_phenomenon",
          "manufacturing_services", ("factory",), ("TH", "VN", "MY", "CN", "IN", "ID", "PH", "BD", "MX"), False, (21, 45), "partial",
          "River flooding put the ground floor of the {city} plant under water; SMT lines and finished-goods stock lost.",
          "Single qualified EMS site for these boards; flood-zone plant without raised production floor."),
    Story("Sole-source shortage: {supplier} cuts allocation of {item}", "", "third_party_failure", "components",
          ("factory",), ("JP", "TW", "KR", "US", "DE", "NL", "MY", "CN"), True, (60, 120), "minor",
          "{supplier} cut our quarterly allocation of {item} by 60 % after a capacity shift to automotive customers.",
          "Sole-source component without a qualified second source or a buffer above six weeks."),
    Story("Earthquake halts {supplier} fab in {city}", "earthquake", "natural_phenomenon", "components",
          ("factory",), ("TW", "JP", "TR", "MX", "IT", "CL"), False, (14, 40), "partial",
          "A magnitude 6.8 earthquake near {city} stopped the fab for inspection; wafers in process scrapped.",
          "Components from one fab in a seismic zone; no safety stock agreement with {supplier}."),
    Story("Typhoon closes {site}: inbound shipments held", "storm", "natural_phenomenon", "logistics",
          ("port", "warehouse"), ("CN", "TW", "PH", "JP", "VN", "HK", "KR"), False, (4, 9), "minor",
          "Port operations suspended under typhoon signal 10 at {city}; containers for our assembly sites held.",
          "Inbound freight routed through one port with no pre-agreed alternative."),
    Story("Power rationing stops {supplier} {city} works", "power_outage", "third_party_failure",
          "manufacturing_services", ("factory",), ("CN", "IN", "ZA", "PK", "BD", "VN"), False, (7, 21), "minor",
          "Provincial grid rationing limits the {city} works to two days a week.",
          "Supplier plant without on-site generation; rationing risk not in the supplier's continuity plan."),
    Story("Ransomware at {supplier} stops production and shipping", "cyber_attack", "malicious_action",
          "manufacturing_services", ("factory", "warehouse"), (), True, (10, 25), "partial",
          "{supplier}'s ERP and MES are encrypted; production and shipping stopped at all sites.",
          "Supplier's plant systems not segmented from its office IT; no tested offline restore."),
)


class MapIndex:
    """The business map's suppliers' sites and item sources, read once (a few plain queries)."""

    def __init__(self):
        self.sites = {row["id"]: row for row in Site.objects.filter(owner_supplier__isnull=False).values(
            "id", "kind", "country", "owner_supplier_id", "owner_supplier__category")}
        self.items_at: dict[int, list[int]] = {}
        sources_of: dict[int, list[int]] = {}
        components = set(Item.objects.filter(kind="component").values_list("id", flat=True))
        for item_id, site_id in ItemSource.objects.values_list("item_id", "site_id").order_by("id"):
            self.items_at.setdefault(site_id, []).append(item_id)
            if item_id in components:
                sources_of.setdefault(item_id, []).append(site_id)
        self.sole_sourced = {item: sites[0] for item, sites in sources_of.items() if len(sites) == 1}

    def pick(self, rng: random.Random, story: Story, used: set[int]) -> tuple[int, int | None] | None:
        """A site for the story (and, for a shortage, the component it alone makes)."""
        fits = [s for s in self.sites.values() if s["owner_supplier__category"] == story.category
                and s["kind"] in story.site_kinds and s["id"] not in used]
        local = [s for s in fits if s["country"] in story.countries]
        fits = local or fits
        if story.hazard == "":
            allowed = {s["id"] for s in fits}
            pairs = sorted((item, site) for item, site in self.sole_sourced.items() if site in allowed)
            if not pairs:
                return None
            item, site = rng.choice(pairs[:50])
            return site, item
        busy = sorted((s for s in fits if len(self.items_at.get(s["id"], ())) >= 3),
                      key=lambda s: (-len(self.items_at[s["id"]]), s["id"]))[:12] or fits[:12]
        return (rng.choice(busy)["id"], None) if busy else None


def load_supply_disruptions(*, rng: random.Random, people: list, now: dt.datetime, scale: float,
                            years: int) -> list:
    """Supply-disruption incidents across the last `years` years, the latest still being worked;
    returns them (their TTS is queued as one background job)."""
    count = max(len(STORIES) // 2, round(PER_YEAR * years * scale))
    earliest = dt.datetime(now.year - years + 1, 1, 1, tzinfo=dt.UTC)
    span = (now - earliest).total_seconds() - 90 * 86400
    starts = sorted(earliest + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(count - 1))
    starts.append(now - dt.timedelta(days=rng.uniform(4, 9)))  # one still open
    made, used, index = [], set(), MapIndex()
    for number, start in enumerate(starts):
        story = STORIES[number % len(STORIES)]
        picked = index.pick(rng, story, used)
        if picked is None:
            continue
        site = Site.objects.get(pk=picked[0])
        item = Item.objects.get(pk=picked[1]) if picked[1] else None
        used.add(site.pk)
        supplier = Supplier.objects.get(pk=site.owner_supplier_id)
        items = [item.pk] if item else sorted(set(index.items_at.get(site.pk, ())))[:6]
        words = {"supplier": supplier.legal_name, "city": site.city or site.name, "site": site.name,
                 "item": f"{item.name} ({item.ref})" if item else ""}
        still_open = number == len(starts) - 1
        recovery = dt.timedelta(days=rng.uniform(*story.recovery_days))
        detected = start + dt.timedelta(hours=rng.uniform(2, 18))
        resolved = None if still_open else min(start + recovery, now - dt.timedelta(days=1))
        incident = services.create_incident(
            actor=None, title=story.title.format(**words)[:200], kind="supply_disruption", networks=[],
            impact_started=start, detected=detected, resolved=resolved, hazard=story.hazard,
            cause_category=story.cause, service_impact=story.impact, summary=story.summary.format(**words),
            sites=[site.pk], suppliers=[supplier.pk] if story.whole_supplier else [], items=items,
            declared_at=detected + dt.timedelta(minutes=rng.uniform(20, 90)))
        liaison, commander = rng.sample(people, 2)
        at = incident.declared_at
        services.assign_role(actor=None, incident=incident, role="commander", person=commander, at=at)
        services.assign_role(actor=None, incident=incident, role="supplier_liaison", person=liaison, at=at)
        services.add_note(actor=None, incident=incident, at=at + dt.timedelta(hours=2),
                          text=f"{supplier.legal_name} confirmed the disruption; daily calls with its plant manager "
                               f"from tomorrow. Buyers checking open orders and inventory in transit.")
        if still_open:
            incident = services.transition(actor=None, incident=incident, to="investigating",
                                           at=at + dt.timedelta(hours=3))
            services.add_task(actor=None, incident=incident, owner=liaison, due_at=now + dt.timedelta(days=1),
                              title="Confirm the recovery date with the supplier and the allocation for next month")
        elif resolved < now - dt.timedelta(days=30):
            review = incident.review
            services.update_review(actor=None, review=review, contributing_factors=story.factors.format(**words),
                                   timeline_summary=f"{incident.title}. Supply restored {resolved:%Y-%m-%d}.",
                                   went_well="Supplier liaison in place within the hour; allocation of stock "
                                             "across products agreed the same day.")
            services.add_review_action(actor=None, review=review, owner=liaison,
                                       title="Qualify a second source for the affected items",
                                       due_date=(resolved + dt.timedelta(days=120)).date())
            done = resolved + dt.timedelta(days=rng.uniform(6, 14))
            services.complete_review(actor=None, review=review, at=done)
            incident = services.transition(actor=None, incident=incident, to="closed", at=done + dt.timedelta(hours=2))
        made.append(incident)
    start_supply_analyses(actor=None, incidents=made)
    return made
