"""/documents and /access-requests: the gated stakeholder portal. Files are served by the portal's
pages only (each download watermarked and logged); the API lists, requests, accepts and decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Status

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.transparency.api.base import DOCUMENTS_CHANGE, PORTAL, PORTAL_CHANGE, router
from steadfast.transparency.api.schemas import (
    AccessFilter,
    AccessIn,
    AccessOut,
    DecisionIn,
    DocumentFilter,
    DocumentOut,
    NdaIn,
    NdaOut,
)
from steadfast.transparency.models import AccessStatus, DocumentKind, NdaVersion
from steadfast.transparency.selectors import portal as selectors
from steadfast.transparency.services import portal as services

DOCUMENT_ORDER = ("title", "kind", "issued_on", "created_at")
ACCESS_ORDER = ("created_at", "status", "expires_at")
NDA_ORDER = ("effective_on", "version")


def _choice(value: str, allowed, field: str) -> str:
    if value and value not in allowed:
        raise ValidationError({field: f"choose one of {', '.join(allowed)}"})
    return value


@router.get("/documents", response=Page[DocumentOut], auth=PORTAL)
def list_documents(request, query: Query[ordered(DocumentFilter, DOCUMENT_ORDER)]):
    kind = _choice(query.kind, DocumentKind.values, "kind")
    qs = selectors.documents(user=request.user, kind=kind, search=query.search)
    return paginate(order(qs, query.ordering, DOCUMENT_ORDER, "title"), query)


@router.get("/access-requests", response=Page[AccessOut], auth=PORTAL)
def list_access_requests(request, query: Query[ordered(AccessFilter, ACCESS_ORDER)]):
    """A stakeholder's own requests; a document's owner (and administrators) see the requests to decide."""
    status = _choice(query.status, AccessStatus.values, "status")
    qs = selectors.requests(user=request.user, status=status).select_related("requester")
    return paginate(order(qs, query.ordering, ACCESS_ORDER, "-created_at"), query)


@router.post("/documents/{document_id}/access-requests", response={201: AccessOut}, auth=PORTAL_CHANGE)
def request_access(request, body: AccessIn, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    return Status(201, services.request_access(actor=request.user, document=document, reason=body.reason))


@router.get("/nda-versions", response=Page[NdaOut], auth=PORTAL)
def list_nda_versions(request, query: Query[ordered(ListQuery, NDA_ORDER)]):
    """The NDA versions, newest first; `current` marks the one to accept (send its `sha256`)."""
    current = services.current_nda()
    versions = list(order(NdaVersion.objects.all(), query.ordering, NDA_ORDER, "-effective_on"))
    for version in versions:
        version.current = current is not None and version.pk == current.pk
    return {"count": len(versions), "items": versions[query.offset: query.offset + query.limit]}


@router.post("/access-requests/{request_id}/nda", response=AccessOut, auth=PORTAL_CHANGE)
def accept_nda(request, body: NdaIn, request_id: int):
    access = selectors.access_request(user=request.user, request_id=request_id)
    if access.requester_id != request.user.pk:
        raise PermissionDenied("Only the requester accepts the NDA for a request.")
    nda = services.current_nda()
    if nda is None:
        raise ValidationError({"nda_sha256": "no NDA has been published yet"})
    if not body.nda_sha256:
        raise ValidationError({"nda_sha256": "send the SHA-256 of the NDA version you read and accept"})
    return services.accept_nda(actor=request.user, access=access, nda=nda, nda_sha256=body.nda_sha256)


@router.post("/access-requests/{request_id}/decision", response=AccessOut, auth=DOCUMENTS_CHANGE)
def decide(request, body: DecisionIn, request_id: int):
    """The document's owner (or an administrator) approves, for the document's access days, or rejects."""
    access = selectors.access_request(user=request.user, request_id=request_id)
    decision = _choice(body.decision, ("approve", "reject"), "decision")
    if not decision:
        raise ValidationError({"decision": "choose approve or reject"})
    return services.decide(actor=request.user, access=access, approve=decision == "approve", note=body.note)
