"""Reads on the KEV catalog and suppliers' SBOMs (scoped through the supplier)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.security.models import KevEntry, KevMatch, Sbom, SbomComponent


def list_kev_entries(*, user, search: str = "", ransomware_only: bool = False) -> QuerySet[KevEntry]:
    qs = scoped(KevEntry.objects.all(), user=user)  # reference data: nothing for scoped roles
    if search:
        qs = qs.filter(Q(cve_id__icontains=search) | Q(vendor_project__icontains=search) | Q(product__icontains=search))
    if ransomware_only:
        qs = qs.filter(known_ransomware_use__iexact="known")
    return qs


def list_sboms(*, user, supplier_id: int | None = None) -> QuerySet[Sbom]:
    qs = scoped(Sbom.objects.select_related("supplier", "item"), user=user, supplier="supplier")
    if supplier_id is not None:
        qs = qs.filter(supplier_id=supplier_id)
    return qs.annotate(kev_match_count=Count("components__kev_matches"))


def get_sbom(*, user, sbom_id: int) -> Sbom:
    matches = KevMatch.objects.select_related("kev_entry", "finding").order_by("kev_entry__cve_id")
    components = SbomComponent.objects.prefetch_related(Prefetch("kev_matches", queryset=matches)).order_by("pk")
    qs = list_sboms(user=user).prefetch_related(Prefetch("components", queryset=components))
    return get_object_or_404(qs, pk=sbom_id)
