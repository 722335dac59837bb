"""Suppliers over three tiers, their contacts, their sites (and our own), and their contracts."""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal

from steadfast.network.demo.geography import (
    OWN_SITE_COUNTRIES,
    cities_by_country,
    site_location,
    supplier_country_weights,
)
from steadfast.network.demo.names import LEGAL_FORMS, ascii_slug, company_stem, person_name, trade_name
from steadfast.network.demo.sizes import DemoSizes, allocate
from steadfast.network.identifiers import lei_check_digits
from steadfast.network.models import (
    Contract,
    ContractStatus,
    Site,
    SiteKind,
    Supplier,
    SupplierCategory,
    SupplierContact,
    SupplierStatus,
)

OWN_COMPANY = "Valoria Networks"
# Contract dates and statuses are reckoned from the day the demo is planned (`as_of`, today by
# default), so that no contract is "Active" past its end however long after a release it runs;
# the same seed and day give the same data. RENEGOTIATED is the share of fixed-term contracts
# past their end that were renewed by negotiation rather than left to expire.
RENEGOTIATED = 0.45

C, S, K = SupplierCategory, SupplierStatus, SiteKind
TIER_CATEGORIES = {
    1: {C.COMPONENTS: 35, C.MANUFACTURING: 15, C.LOGISTICS: 10, C.SOFTWARE: 15, C.CLOUD: 10, C.PROFESSIONAL: 15},
    2: {C.COMPONENTS: 55, C.MANUFACTURING: 20, C.LOGISTICS: 8, C.SOFTWARE: 10, C.CLOUD: 4, C.PROFESSIONAL: 3},
    3: {C.COMPONENTS: 80, C.MANUFACTURING: 12, C.LOGISTICS: 8},
}
STATUS_MIX = {S.ACTIVE: 82, S.ONBOARDING: 8, S.SUSPENDED: 4, S.EXITED: 6}
STATUS_NOTES = {
    S.ONBOARDING: "Onboarding: security questionnaire and data processing terms in progress.",
    S.SUSPENDED: "Suspended pending remediation of audit findings.",
    S.EXITED: "Exited: volumes moved to alternative sources.",
}
# Site kinds by category: (first site's kind, weights of the others), and how many sites a
# supplier of that category tends to run.
SITE_KINDS = {
    C.COMPONENTS: (K.FACTORY, {K.FACTORY: 75, K.WAREHOUSE: 20, K.OFFICE: 5}),
    C.MANUFACTURING: (K.FACTORY, {K.FACTORY: 80, K.WAREHOUSE: 15, K.OFFICE: 5}),
    C.LOGISTICS: (K.WAREHOUSE, {K.WAREHOUSE: 55, K.PORT: 35, K.OFFICE: 10}),
    C.SOFTWARE: (K.OFFICE, {K.OFFICE: 85, K.DATA_CENTRE: 15}),
    C.CLOUD: (K.DATA_CENTRE, {K.DATA_CENTRE: 75, K.OFFICE: 25}),
    C.PROFESSIONAL: (K.OFFICE, {K.OFFICE: 100}),
}
SITE_SPREAD = {C.COMPONENTS: 2.2, C.MANUFACTURING: 3, C.LOGISTICS: 3, C.SOFTWARE: 0.6, C.CLOUD: 2, C.PROFESSIONAL: 0.5}
SITE_WORDS = {
    K.FACTORY: ("Plant", "Factory", "Works", "Fab"), K.WAREHOUSE: ("Warehouse", "Distribution Centre", "Hub"),
    K.DATA_CENTRE: ("Data Centre",), K.OFFICE: ("Office", "Engineering Centre"),
    K.PORT: ("Port Terminal", "Container Terminal", "Air Cargo Terminal"),
}
SITE_TTR_DAYS = {K.FACTORY: (30, 180), K.WAREHOUSE: (7, 30), K.DATA_CENTRE: (3, 30), K.OFFICE: (2, 14), K.PORT: (5, 45)}
OWN_SITE_MIX = {K.FACTORY: 35, K.WAREHOUSE: 25, K.OFFICE: 30, K.DATA_CENTRE: 10}

CONTRACT_TITLES = {
    C.COMPONENTS: ("Component supply agreement", "Master purchase agreement", "Quality agreement", "Consignment stock agreement"),
    C.MANUFACTURING: ("EMS manufacturing agreement", "Master supply agreement", "Quality agreement", "Tooling agreement"),
    C.LOGISTICS: ("Logistics framework agreement", "Freight services agreement", "Warehousing agreement"),
    C.SOFTWARE: ("Software licence agreement", "Software support and maintenance agreement", "OEM software licence"),
    C.CLOUD: ("Cloud services agreement", "Data centre colocation agreement", "Managed IT services agreement"),
    C.PROFESSIONAL: ("Consulting framework agreement", "Engineering services agreement", "Statement of work"),
}
CONTRACT_MEDIAN_VALUE = {C.COMPONENTS: 800_000, C.MANUFACTURING: 3_000_000, C.LOGISTICS: 500_000,
                         C.SOFTWARE: 300_000, C.CLOUD: 400_000, C.PROFESSIONAL: 150_000}
EU_VAT = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
          "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
USD_COUNTRIES = {"US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "EC", "UY", "PA", "CR", "GT", "DO", "CN", "TW", "HK",
                 "JP", "KR", "MY", "SG", "VN", "TH", "PH", "ID", "IN", "IL", "AE", "SA", "QA"}
LOU_PREFIXES = ("5299", "5493", "2138", "9695", "3157", "8945", "7245", "2549", "8156", "9845")
CONTACT_ROLES = ("Account manager", "Information security officer")
MORE_CONTACT_ROLES = ("Data protection officer", "Quality manager", "Supply chain manager", "Business continuity manager")


@dataclass
class SupplierWorld:
    tiers: list[list[Supplier]] = field(default_factory=list)  # tiers[0] is tier 1
    contacts: list[SupplierContact] = field(default_factory=list)
    own_sites: list[Site] = field(default_factory=list)
    supplier_sites: list[Site] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)

    @property
    def suppliers(self) -> list[Supplier]:
        return [s for tier in self.tiers for s in tier]


def build_suppliers(rng: random.Random, sizes: DemoSizes, as_of: dt.date | None = None) -> SupplierWorld:
    world = SupplierWorld()
    stems: dict[int, str] = {}
    counts = (sizes.tier1_suppliers, sizes.tier2_suppliers, sizes.tier3_suppliers)
    duns_numbers = iter(rng.sample(range(100_000_000, 1_000_000_000), sum(counts)))
    leis: set[str] = set()
    number = 0
    for tier, count in enumerate(counts, start=1):
        categories = allocate(rng, count, TIER_CATEGORIES[tier])
        statuses = allocate(rng, count, STATUS_MIX)
        parents = _ParentPicker(world.tiers[-1] if world.tiers else [])
        members = []
        for category, status in zip(categories, statuses, strict=True):
            number += 1
            country = rng.choices(*supplier_country_weights(category))[0]
            supplier = Supplier(ref=f"SUP-{number:05d}", tier=tier, category=category, status=status, country=country,
                                parent=parents.pick(rng, category) if tier > 1 else None,
                                notes=STATUS_NOTES.get(status, ""))
            duns = next(duns_numbers)
            supplier.duns = str(duns) if rng.random() < 0.9 else ""
            supplier.lei = _lei(rng, leis) if rng.random() < (0.95 if tier == 1 else 0.7) else ""
            members.append(supplier)
        world.tiers.append(members)
    _spread_countries(rng, world.suppliers)
    for supplier in world.suppliers:
        stem = company_stem(rng, supplier.country)
        stems[id(supplier)] = stem
        name = trade_name(stem=stem, category=supplier.category, rng=rng, tier=supplier.tier)
        supplier.legal_name = rng.choice(LEGAL_FORMS.get(supplier.country, ("{} Ltd",))).format(name)
        supplier.website = f"https://www.{ascii_slug(name, '-')[:40].strip('-')}.example"
        supplier.vat = f"{supplier.country}{rng.randrange(10**8, 10**9)}" if supplier.country in EU_VAT | {"GB"} else ""
        world.contacts.extend(_contacts(rng, supplier))
    world.own_sites = _own_sites(rng, sizes.own_sites)
    world.supplier_sites = _supplier_sites(rng, world.suppliers, sizes.supplier_sites, stems,
                                           first_number=len(world.own_sites) + 1)
    world.contracts = _contracts(rng, world, as_of or dt.date.today())
    return world


class _ParentPicker:
    """A sub-tier supplier supplies through one of the tier above: same trade if possible, else a maker."""

    def __init__(self, above: list[Supplier]) -> None:
        self.above = above
        self.by_category: dict[str, list[Supplier]] = {}
        for supplier in above:
            self.by_category.setdefault(supplier.category, []).append(supplier)
        self.makers = self.by_category.get(C.COMPONENTS, []) + self.by_category.get(C.MANUFACTURING, [])

    def pick(self, rng: random.Random, category: str) -> Supplier:
        return rng.choice(self.by_category.get(category) or self.makers or self.above)


def _lei(rng: random.Random, taken: set[str]) -> str:
    while True:
        base = rng.choice(LOU_PREFIXES) + "00" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=12))
        lei = base + lei_check_digits(base)
        if lei not in taken:
            taken.add(lei)
            return lei


def _spread_countries(rng: random.Random, suppliers: list[Supplier]) -> None:
    """Guarantee breadth: one supplier in each table country (while there are 5 per country)."""
    countries = list(cities_by_country())
    rng.shuffle(countries)
    countries = countries[: len(suppliers) // 5]
    for supplier, country in zip(rng.sample(suppliers, len(countries)), countries, strict=True):
        supplier.country = country


def _contacts(rng: random.Random, supplier: Supplier) -> list[SupplierContact]:
    domain = supplier.website.removeprefix("https://www.")
    roles = list(CONTACT_ROLES) + [rng.choice(MORE_CONTACT_ROLES)]
    contacts, emails = [], set()
    for role in roles[: rng.choices((1, 2, 3), weights=(25, 45, 30))[0]]:
        name = person_name(rng, supplier.country)
        local = ascii_slug(name, ".") or "contact"
        email, n = f"{local}@{domain}", 1
        while email in emails:
            n += 1
            email = f"{local}{n}@{domain}"
        emails.add(email)
        contacts.append(SupplierContact(supplier=supplier, name=name, email=email, role=role))
    return contacts


def _ttr(rng: random.Random, kind: str) -> float | None:
    if rng.random() < 0.1:
        return None  # not yet estimated
    low, high = SITE_TTR_DAYS[kind]
    return round(rng.uniform(low, high), 1)


def _site(rng: random.Random, number: int, owner: Supplier | None, kind: str, country: str, label: str) -> Site:
    city, latitude, longitude = site_location(rng, country)
    return Site(ref=f"SITE-{number:06d}", owner_supplier=owner, kind=kind, country=country, subdivision=city.subdivision,
                city=city.name, latitude=latitude, longitude=longitude, ttr_days=_ttr(rng, kind),
                name=f"{label} {city.name} {rng.choice(SITE_WORDS[kind])}")


def _own_sites(rng: random.Random, count: int) -> list[Site]:
    return [_site(rng, number, None, kind, rng.choice(OWN_SITE_COUNTRIES[kind]), OWN_COMPANY)
            for number, kind in enumerate(allocate(rng, count, OWN_SITE_MIX), start=1)]


def _supplier_sites(rng: random.Random, suppliers: list[Supplier], total: int, stems: dict[int, str],
                    first_number: int) -> list[Site]:
    extra = [0] * len(suppliers)
    weights = [SITE_SPREAD[s.category] for s in suppliers]
    for index in rng.choices(range(len(suppliers)), weights=weights, k=total - len(suppliers)):
        extra[index] += 1
    sites, number = [], first_number
    for supplier, more in zip(suppliers, extra, strict=True):
        first_kind, kind_weights = SITE_KINDS[supplier.category]
        kinds = [first_kind] + rng.choices(list(kind_weights), weights=list(kind_weights.values()), k=more)
        for position, kind in enumerate(kinds):
            country = supplier.country
            if position and rng.random() < 0.3:  # a multinational's plant abroad
                country = rng.choices(*supplier_country_weights(supplier.category))[0]
            sites.append(_site(rng, number, supplier, kind, country, stems[id(supplier)]))
            number += 1
    return sites


def _contracts(rng: random.Random, world: SupplierWorld, as_of: dt.date) -> list[Contract]:
    contracts = []
    for supplier in world.suppliers:
        share = {1: 1.0, 2: 0.45, 3: 0.15}[supplier.tier]
        if rng.random() >= share:
            continue
        many = rng.choices((1, 2, 3), weights=(50, 35, 15))[0] if supplier.tier == 1 else 1
        for _ in range(many):
            contracts.append(_contract(rng, supplier, len(contracts) + 1, as_of))
    return contracts


def _contract(rng: random.Random, supplier: Supplier, number: int, as_of: dt.date) -> Contract:
    """Status follows the dates: a term past its end is renewed (automatically, term after term, or
    by negotiation) or expired; an exited supplier's contract was terminated; an onboarding one's
    is a draft that starts soon."""
    term_years = rng.choice((1, 2, 3, 3, 5))
    term = dt.timedelta(days=365 * term_years)
    start = as_of - dt.timedelta(days=rng.randrange(0, 8 * 365))
    end: dt.date | None = start + term
    auto_renewal = rng.random() < 0.55
    status, renewed = ContractStatus.ACTIVE, None
    if supplier.status == S.ONBOARDING:
        start = as_of + dt.timedelta(days=rng.randrange(1, 120))
        end, status = start + term, ContractStatus.DRAFT
    elif supplier.status == S.EXITED:
        end, status, auto_renewal = min(end, as_of - dt.timedelta(days=rng.randrange(1, 365))), ContractStatus.TERMINATED, False
        end = max(end, start)
    elif end < as_of:
        if auto_renewal or rng.random() < RENEGOTIATED:
            while end < as_of:  # renewed, term after term
                renewed, end = end, end + term
        else:
            status = ContractStatus.EXPIRED
    value = CONTRACT_MEDIAN_VALUE[supplier.category] * {1: 2, 2: 0.5, 3: 0.3}[supplier.tier] * rng.lognormvariate(0, 0.9)
    return Contract(
        ref=f"CTR-{number:06d}", supplier=supplier, status=status, start_date=start, end_date=end,
        title=f"{rng.choice(CONTRACT_TITLES[supplier.category])} ({start.year}"
              f"{f', renewed {renewed.year}' if renewed and not auto_renewal else ''})", auto_renewal=auto_renewal,
        notice_days=rng.choice((30, 60, 90, 90, 180)), value=Decimal(max(1000, round(value, -2))).quantize(Decimal("0.01")),
        currency="GBP" if supplier.country == "GB" else "USD" if supplier.country in USD_COUNTRIES else "EUR",
    )
