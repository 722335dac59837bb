"""REST API for supplier security (/api/v1/security/...): frameworks, KEV, SBOM upload, OSCAL export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from steadfast.core.api.auth import policy
from steadfast.core.api.schemas import ListQuery, Page, order, paginate
from steadfast.network.models import Item, Supplier
from steadfast.security.selectors.export import exportable_assessments
from steadfast.security.selectors.frameworks import list_controls, list_frameworks
from steadfast.security.selectors.signals import get_sbom, list_kev_entries, list_sboms
from steadfast.security.services.oscal.export import export_assessment_results
from steadfast.security.services.sbom import upload_sbom

router = Router(tags=["security"])


class FrameworkOut(Schema):
    id: int
    name: str
    version: str
    source: str
    oscal_version: str
    imported_at: datetime
    control_count: int
    withdrawn_count: int


class ControlOut(Schema):
    id: int
    control_id: str
    label: str
    title: str
    statement: str
    group_path: str
    group_title: str
    parent_id: int | None
    withdrawn: bool


class ControlQuery(ListQuery):
    include_withdrawn: bool = True


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
    cve_id: str
    method: str
    finding_id: int | None


class ComponentOut(Schema):
    name: str
    version: str
    group: str
    purl: str
    cpe: str
    matches: list[MatchOut]


class SbomDetailOut(SbomOut):
    components: list[ComponentOut]


class SbomUploadOut(Schema):
    sbom: SbomOut
    created: bool
    matches: int


@router.get("/security/frameworks", response=Page[FrameworkOut], auth=policy("security", "view"))
def frameworks(request, query: Query[ListQuery]):
    qs = list_frameworks(user=request.auth)
    if query.search:
        qs = qs.filter(name__icontains=query.search)
    return paginate(order(qs, query.ordering, ("name", "version", "imported_at"), "name"), query)


@router.get("/security/frameworks/{framework_id}/controls", response=Page[ControlOut], auth=policy("security", "view"))
def controls(request, framework_id: int, query: Query[ControlQuery]):
    qs = list_controls(user=request.auth, framework_id=framework_id, include_withdrawn=query.include_withdrawn,
                       search=query.search)
    return paginate(order(qs, query.ordering, {"control_id": "control_id", "order": "sort_order"}, "sort_order"), query)


@router.get("/security/kev", response=Page[KevOut], auth=policy("security", "view"))
def kev_entries(request, query: Query[KevQuery]):
    qs = list_kev_entries(user=request.auth, search=query.search, ransomware_only=query.ransomware_only)
    return paginate(order(qs, query.ordering, ("cve_id", "date_added", "due_date"), "-date_added"), query)


@router.get("/security/suppliers/{supplier_id}/sboms", response=Page[SbomOut], auth=policy("security", "view"))
def supplier_sboms(request, supplier_id: int, query: Query[ListQuery]):
    return paginate(order(list_sboms(user=request.auth, supplier_id=supplier_id), query.ordering,
                          ("uploaded_at",), "-uploaded_at"), query)


@router.post("/security/suppliers/{supplier_id}/sboms", response={201: SbomUploadOut, 200: SbomUploadOut},
             auth=policy("security", "change"))
def upload_supplier_sbom(request, supplier_id: int, file: File[UploadedFile], item_id: Form[int | None] = None):
    """Upload a CycloneDX JSON SBOM (spec 1.4-1.6); 201 when stored, 200 when the same file was already."""
    from steadfast.core.scoping import scoped

    supplier = get_object_or_404(scoped(Supplier.objects.all(), user=request.auth, supplier="pk"), pk=supplier_id)
    item = get_object_or_404(Item, pk=item_id) if item_id is not None else None
    result = upload_sbom(actor=request.auth, supplier=supplier, content=file.read(), filename=file.name or "sbom.json",
                         item=item)
    sbom = list_sboms(user=request.auth).get(pk=result.sbom.pk)
    return Status(201 if result.created else 200, {"sbom": sbom, "created": result.created, "matches": result.matches})


@router.get("/security/sboms/{sbom_id}", response=SbomDetailOut, auth=policy("security", "view"))
def sbom_detail(request, sbom_id: int):
    sbom = get_sbom(user=request.auth, sbom_id=sbom_id)
    sbom.components_out = [
        {"name": c.name, "version": c.version, "group": c.group, "purl": c.purl, "cpe": c.cpe,
         "matches": [{"cve_id": m.kev_entry.cve_id, "method": m.method, "finding_id": m.finding_id}
                     for m in c.kev_matches.all()]}
        for c in sbom.components.all()
    ]
    return {**{f: getattr(sbom, f) for f in SbomOut.model_fields}, "components": sbom.components_out}


@router.get("/security/assessments/{assessment_id}/oscal", response=dict[str, Any], auth=policy("security", "view"))
def assessment_oscal(request, assessment_id: int):
    """The assessment as an OSCAL 1.2.3 assessment-results document."""
    assessment = get_object_or_404(exportable_assessments(user=request.auth), pk=assessment_id)
    return export_assessment_results(assessment=assessment)
