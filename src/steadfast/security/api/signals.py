"""/security/kev (the CISA KEV catalog) and suppliers' SBOMs with their KEV matches."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.network import selectors as map_selectors
from steadfast.security.api.base import CHANGE, VIEW, router
from steadfast.security.selectors.signals import get_sbom, list_kev_entries, list_sboms
from steadfast.security.services.sbom import upload_sbom


class KevOut(Schema):
    cve_id: str
    vendor_project: str
    product: str
    vulnerability_name: str
    date_added: date
    due_date: date
    required_action: str
    known_ransomware_use: str
    cwes: list[str]


class KevQuery(ListQuery):
    ransomware_only: bool = False


class SbomOut(Schema):
    id: int
    supplier_id: int
    item_id: int | None
    original_name: str
    sha256: str
    spec_version: str
    component_count: int
    kev_match_count: int
    uploaded_at: datetime


class MatchOut(Schema):
    cve_id: str = Field(..., alias="kev_entry.cve_id")
    method: str
    finding_id: int | None


class ComponentOut(Schema):
    name: str
    version: str
    group: str
    purl: str
    cpe: str
    matches: list[MatchOut] = Field(..., alias="kev_matches")


class SbomDetailOut(SbomOut):
    components: list[ComponentOut]


class SbomUploadOut(Schema):
    sbom: SbomOut
    created: bool
    matches: int


KEV_ORDER = ("cve_id", "date_added", "due_date")
SBOM_ORDER = ("uploaded_at",)


@router.get("/security/kev", response=Page[KevOut], auth=VIEW)
def kev_entries(request, query: Query[ordered(KevQuery, KEV_ORDER)]):
    qs = list_kev_entries(user=request.user, search=query.search, ransomware_only=query.ransomware_only)
    return paginate(order(qs, query.ordering, KEV_ORDER, "-date_added"), query)


@router.get("/security/suppliers/{supplier_id}/sboms", response=Page[SbomOut], auth=VIEW)
def supplier_sboms(request, supplier_id: int, query: Query[ordered(ListQuery, SBOM_ORDER)]):
    return paginate(order(list_sboms(user=request.user, supplier_id=supplier_id), query.ordering, SBOM_ORDER,
                          "-uploaded_at"), query)


@router.post("/security/suppliers/{supplier_id}/sboms", response={201: SbomUploadOut, 200: SbomUploadOut}, auth=CHANGE)
def upload_supplier_sbom(request, supplier_id: int, file: File[UploadedFile], item_id: Form[int | None] = None):
    """Upload a CycloneDX JSON SBOM (spec 1.4-1.6); 201 when stored, 200 when the same file was already."""
    supplier = map_selectors.supplier(user=request.user, supplier_id=supplier_id)
    item = map_selectors.item(user=request.user, item_id=item_id) if item_id is not None else None
    result = upload_sbom(actor=request.user, supplier=supplier, content=file.read(), filename=file.name or "sbom.json",
                         item=item)
    sbom = list_sboms(user=request.user).get(pk=result.sbom.pk)
    return Status(201 if result.created else 200, {"sbom": sbom, "created": result.created, "matches": result.matches})


@router.get("/security/sboms/{sbom_id}", response=SbomDetailOut, auth=VIEW)
def sbom_detail(request, sbom_id: int):
    return get_sbom(user=request.user, sbom_id=sbom_id)
