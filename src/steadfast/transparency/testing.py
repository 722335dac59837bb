"""Route samples for the role × route matrix (tests/test_route_matrix.py).

Customer viewers' samples hang off their own customer, regulators' off a country they oversee;
foreign=True gives another customer's / country's (None for roles that see everything). Access
requests belong to their requester: every role's own sample is a request it made.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from steadfast.core.roles import Role
from steadfast.network.models import Customer
from steadfast.transparency.models import (
    AccessRequest,
    Centre,
    Document,
    Evaluation,
    EvaluationFinding,
    Publication,
    RegulatorCountry,
    Room,
)
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import publish


def _publication() -> Publication:
    existing = Publication.objects.order_by("pk").first()
    return existing or publish(actor=None, period=Period.year(dt.date.today().year - 1))


def _figures_route_sample(kwarg: str, *, foreign):
    if kwarg == "name":
        return None if foreign else "networks"  # figures are the organisation's: nothing out of scope
    if kwarg == "publication_id":
        return None if foreign else _publication().pk
    raise KeyError(kwarg)

KWARGS = ("centre_id", "evaluation_id", "step", "evaluation_finding_id", "document_id", "request_id")
SCOPED = (Role.CUSTOMER_VIEWER, Role.REGULATOR)


def _room() -> Room:
    centre, _ = Centre.objects.get_or_create(ref="TC-MATRIX", defaults={
        "name": "Matrix Centre", "city": "Brussels", "country": "BE", "offers_briefing": True})
    room, _ = Room.objects.get_or_create(centre=centre, name="Room 1", defaults={"capacity": 8})
    return room


def _evaluation(tag: str, *, customer=None, country: str = "BE") -> Evaluation:
    found = Evaluation.objects.filter(ref=f"EVA-{tag}").first()
    if found is not None:
        return found
    n = Evaluation.objects.count()
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC) + dt.timedelta(days=n)
    evaluation = Evaluation.objects.create(
        ref=f"EVA-{tag}", room=_room(), title="Briefing", service="briefing", organisation=tag, customer=customer,
        country=customer.country if customer else country, starts_at=start, ends_at=start + dt.timedelta(hours=3),
        status="held", held_on=start.date())
    EvaluationFinding.objects.create(evaluation=evaluation, title="Build hashes not shown", due_on=dt.date(2026, 6, 1))
    return evaluation


def _document() -> Document:
    from steadfast.transparency.services.portal import upload_document
    from steadfast.transparency.services.watermark import sample_pdf

    data = sample_pdf(["ISO/IEC 27001:2022 certificate", "Scope: design, development and support of RAN products"])
    document = Document.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    return document or upload_document(actor=None, title="ISO/IEC 27001 certificate", kind="certificate", data=data,
                                       filename="iso27001.pdf")


def _own_evaluation(user) -> Evaluation:
    if user.role == Role.CUSTOMER_VIEWER:
        return _evaluation(f"C{user.customer_id}", customer=user.customer)
    if user.role == Role.REGULATOR:
        country = RegulatorCountry.objects.filter(user=user).values_list("country", flat=True).first() or "FR"
        return _evaluation(f"R{country}", country=country)
    return _evaluation("MATRIX")


def _foreign_evaluation() -> Evaluation:
    customer, _ = Customer.objects.get_or_create(ref="CUS-TC-FOREIGN", defaults={"name": "Foreign Telecom", "country": "JP"})
    return _evaluation("FOREIGN", customer=customer)


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg in ("name", "publication_id"):
        return _figures_route_sample(kwarg, foreign=foreign)
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    scoped = user.role in SCOPED
    if kwarg == "step":
        return None if foreign else "report"
    if kwarg == "centre_id":
        return None if foreign else _room().centre_id
    if kwarg == "document_id":
        return None if foreign else _document().pk
    if kwarg == "request_id":
        if foreign:
            return AccessRequest.objects.create(document=_document(), requester=other_user, reason="due diligence").pk if scoped else None
        return AccessRequest.objects.create(document=_document(), requester=user, reason="due diligence").pk
    if foreign and not scoped:
        return None
    evaluation = _foreign_evaluation() if foreign else _own_evaluation(user)
    if kwarg == "evaluation_id":
        return evaluation.pk
    return evaluation.findings.first().pk
