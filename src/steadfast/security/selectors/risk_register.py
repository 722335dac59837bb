"""The supplier list as a risk register: one row per supplier in scope with its security tier,
inherent and residual risk, open findings by severity, open KEV findings, what it exposes on the map
and its last and next assessment, all as annotations (one query per page, any sort or filter).

Counts are correlated subqueries rather than joins: a supplier with many findings and many
assessments would otherwise multiply rows (and the cost of COUNT DISTINCT) across 6,300 suppliers.
`RegisterFilter.from_params` reads the filters from a query string, refusing bad values by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from steadfast.core.scoping import scoped
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, Finding, KevEntry
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import OPEN_STATUSES, FindingSource

SEVERITIES = ("critical", "high", "medium", "low")
# The dashboard heat map's five bands of 20 points, so that a band here is a column there.
RESIDUAL_BANDS = {
    "very_low": ("Very low (0–20)", 0, 20), "low": ("Low (20–40)", 20, 40), "medium": ("Medium (40–60)", 40, 60),
    "high": ("High (60–80)", 60, 80), "very_high": ("Very high (80–100)", 80, 101),
    "none": ("Not assessed", None, None),
}


@dataclass(frozen=True)
class RegisterFilter:
    tier: tuple[int, ...] = ()  # security tier (the override when there is one)
    supply_tier: tuple[int, ...] = ()  # the supplier's place in the supply chain (1 = direct)
    country: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    kev: bool = False  # with at least one open KEV finding
    overdue: bool = False  # next reassessment date passed
    residual: tuple[str, ...] = ()  # RESIDUAL_BANDS keys
    search: str = ""  # ref or name
    ids: tuple[int, ...] = field(default=())  # chosen rows (bulk actions)

    PARAMS = ("tier", "supply_tier", "country", "category", "kev", "overdue", "residual", "q")

    @classmethod
    def from_params(cls, params: Mapping) -> RegisterFilter:
        """Read ?tier=1&tier=2&country=DE&kev=1&residual=high&q=... (repeated keys or commas);
        a bad value raises ValidationError naming the parameter."""
        def values(name: str) -> list[str]:
            raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)] if params.get(name) else []
            return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]

        def numbers(name: str, low: int, high: int) -> tuple[int, ...]:
            try:
                found = sorted({int(v) for v in values(name)})
            except ValueError:
                raise ValidationError({name: f"{name.replace('_', ' ')} must be whole numbers {low} to {high}"}) from None
            if any(not low <= n <= high for n in found):
                raise ValidationError({name: f"{name.replace('_', ' ')} must be whole numbers {low} to {high}"})
            return tuple(found)

        countries = sorted({c.upper() for c in values("country")})
        if any(len(c) != 2 or not c.isalpha() for c in countries):
            raise ValidationError({"country": "country must be two-letter ISO 3166 codes"})
        categories = sorted(set(values("category")))
        bad = [c for c in categories if c not in Supplier.Category.values]
        if bad:
            raise ValidationError({"category": f"unknown category {bad[0]!r}; use {', '.join(Supplier.Category.values)}"})
        bands = sorted(set(values("residual")))
        bad = [b for b in bands if b not in RESIDUAL_BANDS]
        if bad:
            raise ValidationError({"residual": f"unknown residual risk band {bad[0]!r}; use {', '.join(RESIDUAL_BANDS)}"})
        flags = {}
        for name in ("kev", "overdue"):
            value = str(params.get(name) or "").strip().lower()
            if value not in ("", "0", "1", "true", "false", "on", "off"):
                raise ValidationError({name: f"{name} must be 1 or 0"})
            flags[name] = value in ("1", "true", "on")
        try:
            ids = tuple(sorted({int(v) for v in values("supplier")}))
        except ValueError:
            raise ValidationError({"supplier": "supplier must be supplier ids"}) from None
        return cls(tier=numbers("tier", 1, 4), supply_tier=numbers("supply_tier", 1, 9), country=tuple(countries),
                   category=tuple(categories), residual=tuple(bands), search=str(params.get("q") or "").strip()[:100],
                   ids=ids, **flags)

    def without_ids(self) -> RegisterFilter:
        return replace(self, ids=())

    def describe(self) -> str:
        """The filter in words, for the page and the export's file."""
        parts = []
        if self.tier:
            parts.append("security tier " + " or ".join(map(str, self.tier)))
        if self.supply_tier:
            parts.append("supply tier " + " or ".join(map(str, self.supply_tier)))
        if self.country:
            parts.append(("countries " if len(self.country) > 1 else "country ") + ", ".join(self.country))
        if self.category:
            labels = dict(Supplier.Category.choices)
            parts.append(", ".join(str(labels[c]) for c in self.category))
        if self.kev:
            parts.append("with an open known-exploited vulnerability")
        if self.overdue:
            parts.append("reassessment overdue")
        if self.residual:
            parts.append("residual risk " + ", ".join(RESIDUAL_BANDS[b][0].lower() for b in self.residual))
        if self.search:
            parts.append(f"matching “{self.search}”")
        return " · ".join(parts) or "every supplier"


def _count(findings: QuerySet) -> Coalesce:
    rows = findings.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def risk_register(*, user, filters: RegisterFilter | None = None, today: dt.date | None = None) -> QuerySet[Supplier]:
    """Suppliers in the user's scope with the register's annotations, narrowed by `filters`."""
    filters = filters or RegisterFilter()
    today = today or timezone.localdate()
    accepted = Assessment.objects.filter(supplier=OuterRef("pk"), status=AssessmentStatus.ACCEPTED).order_by("-accepted_at", "-pk")
    open_findings = Finding.objects.filter(status__in=OPEN_STATUSES)
    ransomware = KevEntry.objects.filter(known_ransomware_use__iexact="known").values("cve_id")
    qs = scoped(Supplier.objects.all(), user=user, supplier="id").annotate(
        security_tier=Coalesce(F("risk_profile__tier_override"), F("risk_profile__tier"), output_field=IntegerField()),
        inherent=F("risk_profile__inherent_score"),
        residual=Subquery(accepted.values("residual_risk")[:1]),
        last_assessed=Subquery(accepted.values("accepted_at")[:1]),
        next_due=F("risk_profile__next_reassessment_due"),
        networks=F("risk_profile__networks_exposed"), revenue=F("risk_profile__revenue_exposed"),
        products=F("risk_profile__products_exposed"),
        **{f"open_{severity}": _count(open_findings.filter(severity=severity)) for severity in SEVERITIES},
        open_kev=_count(open_findings.filter(source=FindingSource.KEV)),
        open_kev_ransomware=_count(open_findings.filter(source=FindingSource.KEV, cve__in=ransomware)),
    )
    if filters.tier:
        qs = qs.filter(security_tier__in=filters.tier)
    if filters.supply_tier:
        qs = qs.filter(tier__in=filters.supply_tier)
    if filters.country:
        qs = qs.filter(country__in=filters.country)
    if filters.category:
        qs = qs.filter(category__in=filters.category)
    if filters.kev:
        qs = qs.filter(open_kev__gt=0)
    if filters.overdue:
        qs = qs.filter(next_due__lt=today)
    if filters.residual:
        band_q = Q()
        for band in filters.residual:
            _, low, high = RESIDUAL_BANDS[band]
            band_q |= Q(residual__isnull=True) if low is None else Q(residual__gte=low, residual__lt=high)
        qs = qs.filter(band_q)
    if filters.search:
        qs = qs.filter(Q(ref__icontains=filters.search) | Q(legal_name__icontains=filters.search))
    if filters.ids:
        qs = qs.filter(pk__in=filters.ids)
    return qs


def highest_exposure(*, user) -> Supplier | None:
    """The supplier whose loss hurts most: the most revenue exposed, then the most networks."""
    return (scoped(Supplier.objects.all(), user=user, supplier="id")
            .filter(risk_profile__isnull=False)
            .order_by(F("risk_profile__revenue_exposed").desc(nulls_last=True),
                      F("risk_profile__networks_exposed").desc(nulls_last=True), "pk")
            .only("pk", "ref", "legal_name").first())


REGISTER_EXPORT_HEADERS = (
    "Ref", "Supplier", "Country", "Category", "Supply tier", "Security tier", "Inherent risk", "Residual risk",
    "Open critical", "Open high", "Open medium", "Open low", "Open KEV", "Open KEV used by ransomware",
    "Revenue exposed", "Networks exposed", "Products exposed", "Last assessed", "Next assessment due",
)


def register_export_rows(queryset: QuerySet[Supplier]):
    """The export's rows, streamed from one query (the annotations above)."""
    labels = dict(Supplier.Category.choices)
    for s in queryset.iterator(chunk_size=2000):
        yield (s.ref, s.legal_name, s.country, str(labels.get(s.category, s.category)), s.tier, s.security_tier,
               None if s.inherent is None else round(s.inherent, 1), None if s.residual is None else round(s.residual, 1),
               s.open_critical, s.open_high, s.open_medium, s.open_low, s.open_kev, s.open_kev_ransomware,
               None if s.revenue is None else float(s.revenue), s.networks, s.products,
               s.last_assessed and timezone.localtime(s.last_assessed).date().isoformat(),
               s.next_due and s.next_due.isoformat())
