"""A supplier accepts the exact document version sent to it (or we record its signed copy)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from steadfast.core.links import absolute_url
from steadfast.core.services import crud
from steadfast.privacy.models import Dpa, DpaAcceptance, DpaStatus, SigningLink
from steadfast.privacy.services.agreements import record_signature


def accept_dpa(*, actor, dpa: Dpa, sha256: str, signatory_name: str, signatory_email: str, signatory_title: str = "",
               ip_address: str | None = None, today: dt.date | None = None, via_link=None) -> DpaAcceptance:
    """Record who accepted which bytes, when and from where; the agreement becomes signed (or active)."""
    if dpa.status != DpaStatus.SENT:
        raise ValidationError({"status": f"{dpa.ref} is {dpa.get_status_display().lower()}, not waiting for signature"})
    document = dpa.current_document
    if document is None or document.sha256 != sha256:
        raise ValidationError({"sha256": "the document changed since you opened it; review the current version"})
    if not signatory_name.strip():
        raise ValidationError({"signatory_name": "give the name of the person accepting"})
    today = today or timezone.localdate()
    with transaction.atomic():
        acceptance = crud.create(actor=actor, model=DpaAcceptance, dpa=dpa, document=document, sha256=sha256,
                                 accepted_by=actor if actor is not None and actor.is_authenticated else None,
                                 signatory_name=signatory_name.strip(), signatory_title=signatory_title.strip(),
                                 signatory_email=signatory_email.strip(), ip_address=ip_address,
                                 accepted_at=timezone.now(), via_link=via_link)
        record_signature(actor=actor, dpa=dpa, signed_on=today, effective_on=dpa.effective_on or today, today=today)
        return acceptance


LINK_DAYS = 14


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_signing_link(*, actor, dpa: Dpa, email: str, days: int = LINK_DAYS) -> tuple[SigningLink, str]:
    """Create a single-use link valid for `days` and e-mail it; returns the link and its URL."""

    if dpa.status != DpaStatus.SENT:
        raise ValidationError({"status": f"{dpa.ref} is {dpa.get_status_display().lower()}: send it before inviting a "
                                         "signatory"})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not an e-mail address"}) from None
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    link = crud.create(actor=actor, model=SigningLink, dpa=dpa, token_sha256=_digest(secret), email=email,
                       created_by=actor if actor is not None and actor.is_authenticated else None, created_at=now,
                       expires_at=now + dt.timedelta(days=days))
    url = absolute_url(reverse("privacy:sign", args=[secret]))
    send_mail(subject=f"Please review and accept data processing agreement {dpa.ref}",
              message=(f"Our data processing agreement {dpa.ref} is ready for your review. Open this link, read the "
                       f"agreement and accept it (the link works once, until {link.expires_at:%Y-%m-%d}):\n\n{url}\n"),
              from_email=None, recipient_list=[email])
    return link, url


def link_for(secret: str) -> SigningLink | None:
    """The link this secret opens, if it is unused and unexpired; None otherwise (no hint which)."""
    link = SigningLink.objects.select_related("dpa__supplier", "dpa__current_document").filter(
        token_sha256=_digest(secret)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def accept_by_link(*, secret: str, sha256: str, signatory_name: str, signatory_email: str, signatory_title: str = "",
                   ip_address: str | None = None) -> DpaAcceptance:
    with transaction.atomic():
        link = link_for(secret)
        if link is None:
            raise ValidationError({"link": "this link has expired or has been used; ask us for a new one"})
        SigningLink.objects.select_for_update().filter(pk=link.pk).first()
        acceptance = accept_dpa(actor=None, dpa=link.dpa, sha256=sha256, signatory_name=signatory_name,
                                signatory_email=signatory_email, signatory_title=signatory_title,
                                ip_address=ip_address, via_link=link)
        crud.update(actor=None, instance=link, used_at=timezone.now())
        return acceptance
