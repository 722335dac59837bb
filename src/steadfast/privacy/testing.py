"""Sample objects for the role × route matrix (tests/test_route_matrix.py).

A supplier respondent's samples hang off its own supplier; foreign=True gives another supplier's
(None for roles that see everything). Records of processing and transfers are not scoped to
suppliers: scoped roles are refused them by the policy before any object is read.
"""

from __future__ import annotations

import datetime as dt

from steadfast.core.roles import Role
from steadfast.network.models import Supplier
from steadfast.privacy import services
from steadfast.privacy.models import Breach, Dpa, ProcessingActivity, SubProcessor, Transfer

KWARGS = ("dpa_id", "version", "finding_id", "activity_id", "transfer_id", "breach_id", "fmt", "subprocessor_id", "decision", "signing_token", "kind")
_TEXT = ("The Processor shall process the personal data only on documented instructions from the Company. "
         "Each employee authorised to access the data is bound by confidentiality. ") * 3


def _sample(tag: str, supplier=None) -> dict:
    if supplier is None:
        supplier, _ = Supplier.objects.get_or_create(
            ref=f"{tag}-PRIV", defaults={"legal_name": f"{tag} processor", "country": "DE", "category": "software"})
    dpa = Dpa.objects.filter(ref=f"DPA-{tag}").first()
    if dpa is None:
        dpa = services.create_dpa(actor=None, supplier=supplier, ref=f"DPA-{tag}", objection_window_days=30)
        services.add_document(actor=None, dpa=dpa, data=_TEXT.encode(), name="dpa.txt")
    activity, _ = ProcessingActivity.objects.get_or_create(ref=f"PA-{tag}", defaults={
        "name": "Payroll", "purpose": "pay staff", "legal_basis": "6.1.b", "retention": "7 years"})
    transfer, _ = Transfer.objects.get_or_create(ref=f"TR-{tag}", defaults={
        "origin_country": "DE", "destination_country": "IN", "mechanism": "scc_m2", "recipient": supplier})
    breach, _ = Breach.objects.get_or_create(ref=f"BR-{tag}", defaults={
        "title": "Lost laptop", "nature": "confidentiality", "aware_at": dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)})

    sub, _ = SubProcessor.objects.get_or_create(dpa=dpa, name=f"{tag} hosting", defaults={"service": "hosting"})
    return {"subprocessor_id": sub.pk, "breach_id": breach.pk, "dpa_id": dpa.pk, "version": 1, "finding_id": dpa.documents.get(version=1).findings.first().pk,
            "activity_id": activity.pk, "transfer_id": transfer.pk}


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    if kwarg == "signing_token":  # a link that opens nothing: the page says so (404)
        return None if foreign else "not-a-real-signing-link-" + "x" * 20
    if kwarg == "kind":
        return None if foreign else "dpas"
    if kwarg == "decision":
        return "accept"
    if kwarg == "fmt":  # exports are lists: what is out of scope is simply not in them
        return None if foreign else "csv"
    scoped = user.role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
    if foreign:
        return _sample("FOREIGN")[kwarg] if scoped else None
    if user.role == Role.SUPPLIER_RESPONDENT:
        return _sample(f"S{user.supplier_id}", supplier=user.supplier)[kwarg]
    return _sample("MATRIX")[kwarg]

