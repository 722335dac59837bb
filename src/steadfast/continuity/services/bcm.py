"""The BCM organisation: continuity owners (and deputies) for products, sites and supplier tiers; the
policy, scope and objectives, approved in numbered versions and reviewed on a cadence."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.continuity.models import BcmDocument, ContinuityOwner, DocumentStatus
from steadfast.core.policy import CHANGE, can
from steadfast.core.services import crud
from steadfast.network.models import Item, ItemKind, Site
from steadfast.network.services.common import known_fields, resolve

OWNER_FIELDS = {"scope", "product", "site", "supplier_tier", "owner", "deputy", "notes"}
DOCUMENT_FIELDS = {"ref", "kind", "title", "statement", "measure", "owner", "review_months", "reviewed_on"}


def _user(value, *, field: str, required: bool):
    """A user by instance, id or username, who may change continuity records (the role that answers for it)."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: "a user is required"})
        return None
    User = get_user_model()
    if isinstance(value, User):
        user = value
    else:
        lookup = {"pk": value} if isinstance(value, int) and not isinstance(value, bool) else {"username": str(value).strip()}
        user = User.objects.filter(**lookup).first()
        if user is None:
            raise ValidationError({field: f"no user {value!r}"})
    if not user.is_active or not can(user, "continuity", CHANGE):
        raise ValidationError({field: f"{user.get_username()} does not hold a role that manages continuity "
                                      "(continuity manager or administrator)"})
    return user


def _owner_fields(fields: dict) -> dict:
    if "product" in fields:
        product = resolve(Item, fields["product"], field="product", required=False)
        if product is not None and product.kind != ItemKind.PRODUCT:
            raise ValidationError({"product": f"{product.ref} is a {product.get_kind_display().lower()}, not a product"})
        fields["product"] = product
    if "site" in fields:
        fields["site"] = resolve(Site, fields["site"], field="site", required=False)
    if "owner" in fields:
        fields["owner"] = _user(fields["owner"], field="owner", required=True)
    if "deputy" in fields:
        fields["deputy"] = _user(fields["deputy"], field="deputy", required=False)
    if fields.get("supplier_tier") == "":
        fields["supplier_tier"] = None
    return fields


def assign_owner(*, actor, **fields) -> ContinuityOwner:
    fields = _owner_fields(known_fields(ContinuityOwner, fields, allowed=OWNER_FIELDS))
    if "owner" not in fields:
        raise ValidationError({"owner": "a user is required"})
    return crud.create(actor=actor, model=ContinuityOwner, **fields)


def update_owner(*, actor, owner: ContinuityOwner, **fields) -> ContinuityOwner:
    return crud.update(actor=actor, instance=owner, **_owner_fields(known_fields(ContinuityOwner, fields, allowed=OWNER_FIELDS)))


def remove_owner(*, actor, owner: ContinuityOwner) -> None:
    crud.delete(actor=actor, instance=owner)


def _document_fields(fields: dict) -> dict:
    if "owner" in fields:
        fields["owner"] = _user(fields["owner"], field="owner", required=False)
    return fields


def create_document(*, actor, **fields) -> BcmDocument:
    """A draft policy, scope or objective (version 0 until approved)."""
    fields = _document_fields(known_fields(BcmDocument, fields, allowed=DOCUMENT_FIELDS))
    return crud.create(actor=actor, model=BcmDocument, **fields)


def update_document(*, actor, document: BcmDocument, **fields) -> BcmDocument:
    """An edit of an approved record makes it a draft again: the change awaits the next approval."""
    fields = _document_fields(known_fields(BcmDocument, fields, allowed=DOCUMENT_FIELDS | {"status"}))
    status = fields.pop("status", None)
    if status == DocumentStatus.APPROVED:
        raise ValidationError({"status": "approve the record to make it approved (that numbers a new version)"})
    with transaction.atomic():
        substantive = any(getattr(document, k) != v for k, v in fields.items() if k in ("title", "statement", "measure"))
        if status is None and substantive and document.status == DocumentStatus.APPROVED:
            status = DocumentStatus.DRAFT
        if status is not None:
            fields["status"] = status
        return crud.update(actor=actor, instance=document, **fields)


def approve_document(*, actor, document: BcmDocument, on: dt.date | None = None) -> BcmDocument:
    """The next numbered version, approved by the actor; an approval counts as a review."""
    if not can(actor, "continuity", CHANGE):
        raise ValidationError({"approved_by": "only a continuity manager or administrator approves"})
    if document.status == DocumentStatus.RETIRED:
        raise ValidationError({"status": "a retired record cannot be approved"})
    on = on or dt.date.today()
    return crud.update(actor=actor, instance=document, status=DocumentStatus.APPROVED, version=document.version + 1,
                       approved_by=actor, approved_on=on, reviewed_on=on)


def review_document(*, actor, document: BcmDocument, on: dt.date | None = None) -> BcmDocument:
    """Reviewed and still right as it stands: the review date moves, the version does not."""
    if document.status != DocumentStatus.APPROVED:
        raise ValidationError({"status": "approve the draft first; a review confirms an approved version"})
    return crud.update(actor=actor, instance=document, reviewed_on=on or dt.date.today())
