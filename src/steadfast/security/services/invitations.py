"""Inviting a supplier's contacts to answer: by their account, or by a single-use, expiring magic
link whose token is shown once (in the email) and stored only as its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from steadfast.core.links import base_url
from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.network.models import SupplierContact
from steadfast.security.models import Assessment, Campaign, Finding, MagicLink
from steadfast.security.models.assessments import AssessmentStatus, LinkPurpose
from steadfast.security.models.findings import OPEN_STATUSES
from steadfast.security.services import mail
from steadfast.security.services.portal import EDITABLE_STATUSES

DEFAULT_LINK_DAYS = 21
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


@dataclass(frozen=True)
class LinkVisitor:
    """Who acts through a redeemed magic link: no account, one supplier's open findings (to answer
    them with remediation plans) and the link's assessment, if it has one. Audit events name the email."""

    email: str
    assessment_id: int | None
    link_id: int
    supplier_id: int
    pk = None
    is_authenticated = False

    def get_username(self) -> str:
        return f"link:{self.email}"


class LinkRefused(Exception):
    """A magic link that cannot be used; `reason` is shown to the visitor."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_magic_link(*, actor, email: str, assessment: Assessment | None = None, supplier_id: int | None = None,
                     valid_days: int = DEFAULT_LINK_DAYS, purpose: str = LinkPurpose.ANSWER) -> tuple[MagicLink, str]:
    """A new link for one email and purpose, to an assessment or (remediate links only) to a
    supplier's findings. Earlier unused links of the same email for the same assessment are revoked,
    and for a remediate link also the supplier's earlier unused remediate links: the newest email wins."""
    if purpose not in LinkPurpose.values:
        raise ValidationError({"purpose": f"choose {' or '.join(LinkPurpose.values)}"})
    if assessment is not None:
        supplier_id = assessment.supplier_id
    elif purpose == LinkPurpose.ANSWER:
        raise ValidationError({"assessment": "a link to answer a questionnaire needs its assessment"})
    if supplier_id is None:
        raise ValidationError({"supplier": "a link needs a supplier"})
    older = Q(assessment=assessment) if assessment is not None else Q(pk__in=[])
    if purpose == LinkPurpose.REMEDIATE:
        older |= Q(supplier_id=supplier_id, purpose=LinkPurpose.REMEDIATE)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        for old in MagicLink.objects.filter(older, email__iexact=email, used_at__isnull=True, revoked_at__isnull=True):
            crud.update(actor=actor, instance=old, validate=False, revoked_at=now)
        link = crud.create(actor=actor, model=MagicLink, supplier_id=supplier_id, assessment=assessment, email=email,
                           purpose=purpose, token_hash=token_hash(token),
                           expires_at=now + dt.timedelta(days=valid_days))
    return link, token


INVALID = "This link is not valid. Check that you copied all of it from the email."


def _refusal(link: MagicLink | None, now) -> LinkRefused | None:
    if link is None:
        return LinkRefused("invalid", INVALID)
    if link.revoked_at is not None:
        return LinkRefused("revoked", "This link was replaced by a newer invitation. Use the latest email.")
    if link.used_at is not None:
        return LinkRefused("used", "This link has already been used. Each link works once; ask for a new one.")
    if link.expires_at <= now:
        return LinkRefused("expired", "This link has expired. Ask your contact for a new invitation.")
    if link.purpose == LinkPurpose.REMEDIATE:
        if not Finding.objects.filter(supplier_id=link.supplier_id, status__in=OPEN_STATUSES).exists():
            return LinkRefused("closed", "There are no open findings left to answer. Thank you.")
    elif link.assessment.status not in EDITABLE_STATUSES:
        return LinkRefused("closed", "This questionnaire is no longer open for answers.")
    return None


def check_magic_link(*, token: str) -> MagicLink:
    """Look a link up without using it (the page that asks the visitor to continue)."""
    if not TOKEN_SHAPE.match(token or ""):
        raise LinkRefused("invalid", INVALID)
    link = MagicLink.objects.select_related("supplier", "assessment").filter(token_hash=token_hash(token)).first()
    refusal = _refusal(link, timezone.now())
    if refusal:
        raise refusal
    return link


def redeem_magic_link(*, token: str) -> LinkVisitor:
    """Use a link once. Unknown (or tampered), expired, used or revoked links are refused."""
    if not TOKEN_SHAPE.match(token or ""):
        raise LinkRefused("invalid", INVALID)
    now = timezone.now()
    with transaction.atomic():
        link = (MagicLink.objects.select_for_update(of=("self",)).select_related("assessment")
                .filter(token_hash=token_hash(token)).first())
        refusal = _refusal(link, now)
        if refusal:
            raise refusal
        # The conditional update makes a concurrent second use fail even outside row locks (SQLite).
        if MagicLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now) != 1:
            raise LinkRefused("used", "This link has already been used. Each link works once; ask for a new one.")
        visitor = LinkVisitor(email=link.email, assessment_id=link.assessment_id, link_id=link.pk,
                              supplier_id=link.supplier_id)
        record_event(actor=visitor, verb="redeem", instance=link, changes={"used_at": [None, now.isoformat()]})
    return visitor


def _respondent_accounts(supplier_id: int) -> dict[str, User]:
    users = User.objects.filter(role=Role.SUPPLIER_RESPONDENT, supplier_id=supplier_id, is_active=True).exclude(email="")
    return {u.email.lower(): u for u in users}


def email_contacts(*, actor, assessment: Assessment | None = None, supplier=None, subject: str, intro: str,
                   valid_days: int = DEFAULT_LINK_DAYS, purpose: str = LinkPurpose.ANSWER,
                   closing: str = "You can save a draft and come back later.") -> int:
    """Email every contact of the supplier (the assessment's, or `supplier` for findings without
    one), inside the caller's transaction: account holders get the portal address, others a fresh
    magic link for `purpose`. Returns the number of emails sent; no contacts is a ValidationError."""
    supplier_id = assessment.supplier_id if assessment is not None else supplier.pk
    contacts = list(SupplierContact.objects.filter(supplier_id=supplier_id).order_by("email"))
    if not contacts:
        raise ValidationError({"supplier": f"supplier {supplier_id} has no contacts to invite"})
    accounts = _respondent_accounts(supplier_id)
    for contact in contacts:
        account = accounts.get(contact.email.lower())
        if account is not None:
            url = base_url() + (reverse("security:portal_assessment", args=[assessment.pk])
                                if purpose == LinkPurpose.ANSWER else reverse("security:portal"))
            how = f"Sign in as {account.username} and open:\n{url}"
        else:
            _, token = issue_magic_link(actor=actor, assessment=assessment, supplier_id=supplier_id, email=contact.email,
                                        valid_days=valid_days, purpose=purpose)
            url = base_url() + reverse("security:portal_link", args=[token])
            how = f"Open this personal link (it works once and expires in {valid_days} days):\n{url}"
        mail.send(subject=subject, message=f"Dear {contact.name},\n\n{intro}\n\n{how}\n\n{closing}",
                  recipient=contact.email)
    return len(contacts)


def invite_assessment(*, actor, assessment: Assessment, valid_days: int = DEFAULT_LINK_DAYS) -> int:
    """Invite the supplier's contacts; marks a draft assessment invited. Returns emails sent."""
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError({"status": f"assessment {assessment.pk} is {assessment.get_status_display().lower()}"})
    due = assessment.due_date.isoformat() if assessment.due_date else "no fixed date"
    with transaction.atomic():
        sent = email_contacts(
            actor=actor, assessment=assessment, valid_days=valid_days,
            subject=f"Security questionnaire for {assessment.supplier} (due {due})",
            intro=f"Please answer our supplier security questionnaire by {due}.")
        if assessment.status == AssessmentStatus.DRAFT:
            crud.update(actor=actor, instance=assessment, status=AssessmentStatus.INVITED, invited_at=timezone.now())
        else:
            record_event(actor=actor, verb="invite", instance=assessment, changes={"emails": [None, sent]})
    return sent


def invite_assessments(*, actor, assessment_ids: list[int], report=None) -> dict[str, int]:
    """Invite each of these assessments still in draft; suppliers without contacts are counted, not fatal."""
    ids = list(Assessment.objects.filter(pk__in=assessment_ids, status=AssessmentStatus.DRAFT)
               .order_by("pk").values_list("pk", flat=True))
    sent = skipped = 0
    for n, assessment in enumerate(Assessment.objects.filter(pk__in=ids).order_by("pk").select_related("supplier")
                                   .iterator(), 1):
        try:
            sent += invite_assessment(actor=actor, assessment=assessment)
        except ValidationError:
            skipped += 1
        if report:
            report(n, len(ids), f"invitations: {n:,} of {len(ids):,} assessments")
    return {"emails": sent, "without_contacts": skipped}


def invite_campaign(*, actor, campaign: Campaign, report=None) -> dict[str, int]:
    """Invite every draft assessment of the campaign; suppliers without contacts are counted, not fatal."""
    ids = list(Assessment.objects.filter(campaign=campaign, status=AssessmentStatus.DRAFT).values_list("pk", flat=True))
    return invite_assessments(actor=actor, assessment_ids=ids, report=report)
