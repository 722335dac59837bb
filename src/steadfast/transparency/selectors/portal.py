"""Reads for the gated portal. The catalogue (titles, kinds, hashes) is visible to everyone with the
portal; a stakeholder sees only their own requests; the owner of a document (and staff with the
documents domain) sees every request and the whole access log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import is_scoped
from steadfast.transparency.models import AccessEvent, AccessRequest, Document


def _require(user, domain: str = "transparency.portal") -> None:
    if not can(user, domain, VIEW):
        raise PermissionDenied


def is_custodian(user) -> bool:
    """Staff who read every request and log (owners are staff)."""
    return can(user, "transparency.documents", VIEW) and not is_scoped(user)


def documents(*, user, kind: str = "", search: str = "") -> QuerySet[Document]:
    _require(user)
    qs = Document.objects.select_related("owner", "product").annotate(
        pending=Count("requests", filter=Q(requests__status="nda_accepted"), distinct=True))
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(summary__icontains=search) | Q(sha256__startswith=search.lower()))
    return qs


def document(*, user, document_id: int) -> Document:
    return get_object_or_404(documents(user=user), pk=document_id)


def requests(*, user, document: Document | None = None, status: str = "") -> QuerySet[AccessRequest]:
    _require(user)
    qs = AccessRequest.objects.select_related("document", "requester", "nda", "decided_by")
    if not is_custodian(user):
        qs = qs.filter(requester=user)  # a stakeholder's own requests only
    if document is not None:
        qs = qs.filter(document=document)
    if status:
        qs = qs.filter(status=status)
    return qs


def access_request(*, user, request_id: int) -> AccessRequest:
    return get_object_or_404(requests(user=user), pk=request_id)


def latest_request(*, user, document: Document) -> AccessRequest | None:
    return AccessRequest.objects.filter(document=document, requester=user).select_related("nda").order_by("-created_at").first()


def access_log(*, user, document: Document | None = None) -> QuerySet[AccessEvent]:
    """The log of views, downloads and refusals: custodians only (the owner sees their documents')."""
    _require(user)
    if not is_custodian(user):
        return AccessEvent.objects.none()
    qs = AccessEvent.objects.select_related("document", "user")
    return qs.filter(document=document) if document is not None else qs
