"""The KEV exposure view: every CISA known-exploited vulnerability found at a supplier, either matched
in its SBOM or recorded as a finding naming the CVE (declared by the supplier or an analyst), with the
suppliers carrying it, and what it reaches through the business map: our products above the affected
items and the customer networks running those products, with their revenue.

Reach: an SBOM uploaded for an item reaches the products above that item; an SBOM without an item
(or a finding) stands for everything the supplier makes, so it reaches the products above every item
sourced at the supplier's sites (the supplier trace). The BOM is read once and walked upward in
memory (selectors/tiering.py), so the page costs a fixed number of queries, whatever the size.
Ransomware first, then by the customer networks reached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from steadfast.core.scoping import scoped
from steadfast.network.models import CustomerNetwork, Deployment, Item, ItemSource
from steadfast.security.models import Finding, KevEntry, KevMatch, SupplierRiskProfile
from steadfast.security.models.findings import OPEN_STATUSES
from steadfast.security.selectors.tiering import _product_mask_reader

TOP = 5  # products and networks named per vulnerability (the counts are of all of them)


@dataclass(frozen=True)
class KevFilter:
    ransomware: bool = False
    open_only: bool = False  # at least one open finding for it
    past_due: bool = False  # CISA's due date has passed
    tier: tuple[int, ...] = ()  # at least one supplier in these security tiers
    search: str = ""  # CVE, vendor, product or supplier

    PARAMS = ("ransomware", "open", "past_due", "tier", "q")

    @classmethod
    def from_params(cls, params: Mapping) -> KevFilter:
        flags = {}
        for name, attr in (("ransomware", "ransomware"), ("open", "open_only"), ("past_due", "past_due")):
            value = str(params.get(name) or "").strip().lower()
            if value not in ("", "0", "1", "true", "false", "on", "off"):
                raise ValidationError({name: f"{name} must be 1 or 0"})
            flags[attr] = value in ("1", "true", "on")
        raw = params.getlist("tier") if hasattr(params, "getlist") else [params.get("tier") or ""]
        try:
            tiers = tuple(sorted({int(part) for value in raw for part in str(value).split(",") if part.strip()}))
        except ValueError:
            raise ValidationError({"tier": "tier must be whole numbers 1 to 4"}) from None
        if any(t not in (1, 2, 3, 4) for t in tiers):
            raise ValidationError({"tier": "tier must be whole numbers 1 to 4"})
        return cls(tier=tiers, search=str(params.get("q") or "").strip()[:100], **flags)


@dataclass
class KevExposure:
    entry: KevEntry
    suppliers: list = field(default_factory=list)  # dicts: id, ref, name, tier, networks, revenue, finding, via
    open_findings: int = 0
    networks: int = 0  # customer networks reached through the map (distinct)
    critical_networks: int = 0
    revenue: Decimal = Decimal(0)  # annual revenue of the deployments of the products reached
    products: int = 0
    top_products: list = field(default_factory=list)  # (ref, name)
    top_networks: list = field(default_factory=list)  # (ref, name, customer, criticality label)


def _found(user, search: str) -> tuple[set[tuple[int, int, int | None, str]], dict]:
    """(entry id, supplier id, item id or None, how) for every KEV seen at a supplier in scope, and
    supplier id → (ref, name)."""
    matches = scoped(KevMatch.objects.all(), user=user, supplier="component__sbom__supplier")
    findings = scoped(Finding.objects.exclude(cve=""), user=user, supplier="supplier")
    if search:
        entry_q = (Q(kev_entry__cve_id__icontains=search) | Q(kev_entry__vendor_project__icontains=search)
                   | Q(kev_entry__product__icontains=search))
        matches = matches.filter(entry_q | Q(component__sbom__supplier__ref__icontains=search)
                                 | Q(component__sbom__supplier__legal_name__icontains=search))
    names: dict[int, tuple[str, str]] = {}
    found: set[tuple[int, int, int | None, str]] = set()
    for entry_id, supplier_id, item_id, ref, name in matches.values_list(
            "kev_entry_id", "component__sbom__supplier_id", "component__sbom__item_id",
            "component__sbom__supplier__ref", "component__sbom__supplier__legal_name").distinct():
        found.add((entry_id, supplier_id, item_id, "SBOM"))
        names[supplier_id] = (ref, name)
    seen = {(f[0], f[1]) for f in found}
    kev_ids = dict(KevEntry.objects.filter(cve_id__in=findings.values("cve")).values_list("cve_id", "pk"))
    for cve, supplier_id, ref, name in findings.filter(cve__in=list(kev_ids)).values_list(
            "cve", "supplier_id", "supplier__ref", "supplier__legal_name"):
        entry_id = kev_ids[cve]
        if (entry_id, supplier_id) in seen:
            continue
        if search and not (search.lower() in cve.lower() or search.lower() in ref.lower() or search.lower() in name.lower()):
            continue
        found.add((entry_id, supplier_id, None, "finding"))
        names[supplier_id] = (ref, name)
    return found, names


def _reach(found) -> tuple[dict[int, set[int]], dict]:
    """entry id → product ids reached; and the products' and networks' details, in five queries."""
    if not found:
        return {}, {}
    supplier_ids = {f[1] for f in found}
    product_ids = list(Item.objects.filter(kind=Item.Kind.PRODUCT).order_by("pk").values_list("pk", flat=True))
    items_of: dict[int, set[int]] = defaultdict(set)
    for supplier_id, item_id in ItemSource.objects.filter(site__owner_supplier_id__in=supplier_ids).values_list(
            "site__owner_supplier_id", "item_id"):
        items_of[supplier_id].add(item_id)
    mask_of = _product_mask_reader(product_ids)
    masks: dict[int, int] = defaultdict(int)
    for entry_id, supplier_id, item_id, _ in found:
        for item in ([item_id] if item_id else items_of.get(supplier_id, ())):
            masks[entry_id] |= mask_of(item)
    reached = {entry_id: {product_ids[i] for i in range(len(product_ids)) if mask >> i & 1}
               for entry_id, mask in masks.items()}
    all_products = set().union(*reached.values()) if reached else set()
    details = {"products": {}, "deployments": [], "networks": {}}
    if all_products:
        details["products"] = {pk: (ref, name) for pk, ref, name in
                               Item.objects.filter(pk__in=all_products).values_list("pk", "ref", "name")}
        details["deployments"] = list(Deployment.objects.filter(product_id__in=all_products)
                                      .values_list("product_id", "network_id", "annual_revenue"))
        labels = dict(CustomerNetwork.Criticality.choices)
        details["networks"] = {pk: (ref, name, customer, crit, labels.get(crit, crit), subs) for pk, ref, name, customer, crit, subs in
                               CustomerNetwork.objects.filter(pk__in={d[1] for d in details["deployments"]})
                               .values_list("pk", "ref", "name", "customer__name", "criticality", "subscribers")}
    return reached, details


def kev_exposure(*, user, filters: KevFilter | None = None, limit: int = 500) -> list[KevExposure]:
    filters = filters or KevFilter()
    found, names = _found(user, filters.search)
    entry_ids = {f[0] for f in found}
    entries = KevEntry.objects.filter(pk__in=entry_ids)
    if filters.ransomware:
        entries = entries.filter(known_ransomware_use__iexact="known")
    if filters.past_due:
        entries = entries.filter(due_date__lt=timezone.localdate())
    entries = {e.pk: e for e in entries}
    found = {f for f in found if f[0] in entries}
    supplier_ids = {f[1] for f in found}
    profiles = {p.supplier_id: p for p in SupplierRiskProfile.objects.filter(supplier_id__in=supplier_ids)}
    findings = {(f.supplier_id, f.cve): f for f in Finding.objects.filter(
        supplier_id__in=supplier_ids, cve__in={e.cve_id for e in entries.values()}).only(
        "pk", "supplier_id", "cve", "status")}
    reached, details = _reach(found)
    by_product: dict[int, list] = defaultdict(list)
    for product_id, network_id, revenue in details.get("deployments", []):
        by_product[product_id].append((network_id, revenue))
    rows: dict[int, KevExposure] = {}
    for entry_id, supplier_id, _item, via in sorted(found, key=lambda f: (names[f[1]][0], f[3])):
        entry = entries[entry_id]
        row = rows.setdefault(entry_id, KevExposure(entry=entry))
        if any(s["id"] == supplier_id for s in row.suppliers):
            continue  # several SBOMs of one supplier: one line
        profile = profiles.get(supplier_id)
        finding = findings.get((supplier_id, entry.cve_id))
        row.suppliers.append({"id": supplier_id, "ref": names[supplier_id][0], "name": names[supplier_id][1],
                              "tier": profile.effective_tier if profile else None,
                              "networks": profile.networks_exposed if profile else 0,
                              "revenue": profile.revenue_exposed if profile else Decimal(0),
                              "finding": finding, "via": via})
        row.open_findings += bool(finding and finding.status in OPEN_STATUSES)
    for entry_id, row in rows.items():
        products = reached.get(entry_id, set())
        networks: set[int] = set()
        revenue_of: dict[int, Decimal] = defaultdict(Decimal)
        for product_id in products:
            for network_id, revenue in by_product.get(product_id, ()):
                networks.add(network_id)
                revenue_of[product_id] += revenue
        row.products, row.networks = len(products), len(networks)
        row.revenue = sum(revenue_of.values(), Decimal(0))
        row.critical_networks = sum(1 for n in networks if details["networks"][n][3] == CustomerNetwork.Criticality.CRITICAL)
        row.top_products = [details["products"][p] for p in sorted(products, key=lambda p: (-revenue_of[p], p))[:TOP]]
        row.top_networks = [details["networks"][n][:3] + (details["networks"][n][4],) for n in
                            sorted(networks, key=lambda n: (-details["networks"][n][3], -details["networks"][n][5], n))[:TOP]]
    selected = [r for r in rows.values() if (not filters.open_only or r.open_findings)
                and (not filters.tier or any(s["tier"] in filters.tier for s in r.suppliers))]
    selected.sort(key=lambda r: (not r.entry.ransomware, -r.networks, -r.revenue, r.entry.cve_id))
    return selected[:limit]


KEV_EXPORT_HEADERS = ("CVE", "Vendor", "Product", "Vulnerability", "Known ransomware use", "CISA due date",
                      "Supplier ref", "Supplier", "Security tier", "Found through", "Finding status",
                      "Products reached", "Customer networks reached", "Critical networks reached",
                      "Revenue reached")


def kev_export_rows(rows: list[KevExposure]):
    """One row per vulnerability and supplier."""
    for row in rows:
        e = row.entry
        for s in row.suppliers:
            finding = s["finding"]
            yield (e.cve_id, e.vendor_project, e.product, e.vulnerability_name, e.known_ransomware_use,
                   e.due_date.isoformat(), s["ref"], s["name"], s["tier"], s["via"],
                   finding.get_status_display() if finding else None, row.products, row.networks,
                   row.critical_networks, float(row.revenue))
