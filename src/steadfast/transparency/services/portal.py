"""Writes for the gated portal: documents (checked by structure), NDA versions, access requests
(request → NDA accepted → approved for a limited time) and the access log (every view, download and
refused attempt, with the document's hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.security.services.sbom import parse_sbom
from steadfast.transparency.models import (
    AccessEvent,
    AccessRequest,
    AccessStatus,
    Document,
    DocumentKind,
    NdaVersion,
)
from steadfast.transparency.services.sboms import product_sbom
from steadfast.transparency.services.watermark import watermark_pdf

MAX_BYTES = 25 * 1024 * 1024


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_content(*, kind: str, data: bytes, filename: str) -> str:
    """The document's format, judged by its structure (not its name): a PDF must parse with pypdf and
    have pages; an SBOM must be CycloneDX JSON that validates against its schema."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": f"Unknown document type {kind!r}; one of {', '.join(DocumentKind.values)}."})
    if not data:
        raise ValidationError({"file": f"{filename}: the file is empty."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"{filename}: {len(data):,} bytes is more than the {MAX_BYTES:,} allowed."})
    if kind == DocumentKind.SBOM:
        parse_sbom(data, filename=filename)  # raises ValidationError({"file": ...}) naming what is wrong
        return "cyclonedx"
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError({"file": f"{filename}: not a PDF (a {DocumentKind(kind).label.lower()} is uploaded as PDF)."})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError({"file": f"{filename}: the PDF is encrypted; upload it without a password."})
        if len(reader.pages) == 0:
            raise ValidationError({"file": f"{filename}: the PDF has no page."})
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError({"file": f"{filename}: the PDF could not be read ({exc.__class__.__name__}: {str(exc)[:120]})."}) from exc
    return "pdf"


def upload_document(*, actor, title: str, kind: str, data: bytes, filename: str, summary: str = "",
                    product=None, product_version: str = "", issued_on=None, access_days: int = 30) -> Document:
    fmt = check_content(kind=kind, data=data, filename=filename)
    digest = _sha256(data)
    if Document.objects.filter(sha256=digest).exists():
        raise ValidationError({"file": f"{filename}: this exact file is already in the portal."})
    with transaction.atomic():
        document = Document(title=title, kind=kind, format=fmt, summary=summary, filename=filename[:255], sha256=digest,
                            size=len(data), owner=actor, product=product, product_version=product_version,
                            issued_on=issued_on, access_days=access_days)
        document.file.save(filename, ContentFile(data), save=False)
        document.full_clean()
        document.save()
        record_event(actor=actor, verb="create", instance=document,
                     changes={"title": [None, title], "kind": [None, kind], "sha256": [None, digest]})
    return document


def publish_product_sbom(*, actor, product, version: str, access_days: int = 30) -> Document:
    """A product SBOM document generated from the security app's SBOM data (CycloneDX 1.6)."""
    sbom = product_sbom(product=product, version=version)
    return upload_document(actor=actor, title=f"{product.name} {version} SBOM", kind="sbom", data=sbom.content,
                           filename=f"{product.ref}-{version}.cdx.json", product=product, product_version=version,
                           summary=f"CycloneDX 1.6 SBOM, {sbom.component_count} components", access_days=access_days)


def create_nda(*, actor, version: str, title: str, text: str, effective_on) -> NdaVersion:
    return crud.create(actor=actor, model=NdaVersion, version=version, title=title, text=text,
                       sha256=_sha256(text.encode("utf-8")), effective_on=effective_on)


def current_nda() -> NdaVersion | None:
    return NdaVersion.objects.filter(effective_on__lte=timezone.localdate()).order_by("-effective_on", "-version").first()


def request_access(*, actor, document: Document, reason: str) -> AccessRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you need the document (it goes to its owner)."})
    open_request = AccessRequest.objects.filter(
        document=document, requester=actor, status__in=["requested", "nda_accepted", "approved"]).first()
    if open_request is not None and not open_request.expired:
        raise ValidationError({"reason": f"You already have a request for this document ({open_request.state_label.lower()})."})
    return crud.create(actor=actor, model=AccessRequest, document=document, requester=actor, reason=reason)


def accept_nda(*, actor, access: AccessRequest, nda: NdaVersion, nda_sha256: str) -> AccessRequest:
    """The requester accepts the NDA version shown to them; its hash (as shown) is recorded. A stale
    page (the NDA changed meanwhile) is refused."""
    if access.requester_id != actor.pk:
        raise PermissionDenied
    if access.status != AccessStatus.REQUESTED:
        raise ValidationError({"nda": f"This request is {access.state_label.lower()}: the NDA is already settled."})
    current = current_nda()
    if current is None or current.pk != nda.pk or nda.sha256 != nda_sha256:
        raise ValidationError({"nda": "The NDA changed since the page was opened: read the current version and accept it."})
    return crud.update(actor=actor, instance=access, status=AccessStatus.NDA_ACCEPTED, nda=nda, nda_sha256=nda.sha256,
                       nda_accepted_at=timezone.now())


def decide(*, actor, access: AccessRequest, approve: bool, note: str = "", days: int | None = None) -> AccessRequest:
    """The document's owner (or an administrator) approves for the document's access period, or rejects."""
    if actor.pk != access.document.owner_id and actor.role != "administrator":
        raise PermissionDenied("Only the document's owner or an administrator decides on access.")
    if approve and access.status != AccessStatus.NDA_ACCEPTED:
        raise ValidationError({"decision": f"The request is {access.state_label.lower()}: it can be approved once "
                                           "the requester has accepted the NDA."})
    if not approve and access.status not in (AccessStatus.REQUESTED, AccessStatus.NDA_ACCEPTED, AccessStatus.APPROVED):
        raise ValidationError({"decision": f"The request is {access.state_label.lower()}: nothing to reject."})
    now = timezone.now()
    if not approve:
        status = AccessStatus.REVOKED if access.status == AccessStatus.APPROVED else AccessStatus.REJECTED
        return crud.update(actor=actor, instance=access, status=status, decided_by=actor, decided_at=now,
                           decision_note=note)
    period = dt.timedelta(days=days or access.document.access_days)
    return crud.update(actor=actor, instance=access, status=AccessStatus.APPROVED, decided_by=actor, decided_at=now,
                       decision_note=note, expires_at=now + period)


def log_access(*, user, document: Document, action: str, access: AccessRequest | None = None, detail: str = "",
               address: str | None = None) -> AccessEvent:
    return AccessEvent.objects.create(document=document, request=access, user=user, username=user.get_username(),
                                      action=action, document_sha256=document.sha256, detail=detail[:300],
                                      address=address)


@dataclass(frozen=True)
class Delivery:
    content: bytes
    filename: str
    content_type: str


class AccessRefused(Exception):
    """Access is refused; the attempt is logged. The message says why, for the person asking."""


def deliver(*, user, document: Document, address: str | None = None, now=None) -> Delivery:
    """The document's bytes for this user, or AccessRefused (logged). Staff with the documents domain
    read the original; stakeholders need an approved, unexpired grant and get PDFs watermarked with
    their name and the time."""
    from steadfast.core.policy import can

    now = now or timezone.now()
    if can(user, "transparency.documents", "view"):
        access = None
    else:
        access = (AccessRequest.objects.filter(document=document, requester=user).order_by("-created_at").first())
        reason = None
        if access is None:
            reason = "You have not requested access to this document."
        elif access.status == AccessStatus.REQUESTED:
            reason = "Accept the NDA first: your request is not complete."
        elif access.status == AccessStatus.NDA_ACCEPTED:
            reason = "Your request has not been approved yet."
        elif access.status in (AccessStatus.REJECTED, AccessStatus.REVOKED):
            reason = f"Your request was {access.status}."
        elif access.expires_at <= now:
            reason = f"Your access expired on {timezone.localtime(access.expires_at):%Y-%m-%d %H:%M}; request it again."
        if reason:
            log_access(user=user, document=document, action="refused", access=access, detail=reason, address=address)
            raise AccessRefused(reason)
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        data = b""
    if _sha256(data) != document.sha256:  # the stored file changed under us: serve nothing
        log_access(user=user, document=document, action="refused", access=access, address=address,
                   detail="stored file does not match its recorded SHA-256")
        raise AccessRefused("The stored file does not match its recorded hash; the owner has been told.")
    if document.format == "pdf" and access is not None:
        name = user.get_full_name() or user.get_username()
        data = watermark_pdf(data, lines=[f"Confidential - provided to {name} ({user.get_username()})",
                                          f"{timezone.localtime(now):%Y-%m-%d %H:%M %Z}",
                                          f"request #{access.pk}", f"document {document.sha256[:16]}"])
    log_access(user=user, document=document, action="download", access=access, address=address,
               detail="watermarked copy" if document.format == "pdf" and access is not None else "original")
    content_type = "application/pdf" if document.format == "pdf" else "application/vnd.cyclonedx+json"
    return Delivery(content=data, filename=document.filename, content_type=content_type)
