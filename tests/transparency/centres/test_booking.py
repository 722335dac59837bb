"""Booking evaluation sessions: the steps, overlap refused by the database, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.transparency.models import Evaluation
from steadfast.transparency.selectors import centres as selectors
from steadfast.transparency.services import centres as services


def _book(actor, room, start, end, **extra):
    fields = {"title": "Source-code review of RAN 24.1", "service": "source_code_review", "organisation": "Orange SA",
              "country": "FR", "attendees": 3}
    fields.update(extra)
    return services.request_evaluation(actor=actor, room=room, starts_at=start, ends_at=end, **fields)


def test_request_approve_schedule_hold_report(admin_user, room, at):
    evaluation = _book(admin_user, room, at(0), at(8))
    assert evaluation.status == "requested" and evaluation.ref.startswith("EVA-")
    for step in ("approve", "schedule", "hold"):
        services.transition(actor=admin_user, evaluation=evaluation, action=step)
    assert evaluation.held_on == dt.date(2027, 3, 1)
    with pytest.raises(ValidationError, match="summary"):
        services.transition(actor=admin_user, evaluation=evaluation, action="report")
    services.transition(actor=admin_user, evaluation=evaluation, action="report", report_summary="No backdoor found.")
    evaluation.refresh_from_db()
    assert evaluation.status == "reported"
    assert AuditEvent.objects.filter(object_type__icontains="evaluation", verb="update").count() == 4


def test_a_step_out_of_order_is_refused_and_changes_nothing(admin_user, room, at):
    evaluation = _book(admin_user, room, at(0), at(8))
    with pytest.raises(ValidationError, match="cannot be held"):
        services.transition(actor=admin_user, evaluation=evaluation, action="hold")
    evaluation.refresh_from_db()
    assert evaluation.status == "requested"


def test_overlapping_booking_is_refused_with_a_clear_error(admin_user, room, at):
    _book(admin_user, room, at(0), at(8))
    before = Evaluation.objects.count()
    with pytest.raises(ValidationError) as error:
        _book(admin_user, room, at(7), at(10))
    assert "already booked" in str(error.value)
    assert Evaluation.objects.count() == before
    # touching ends are not an overlap; another room at the same time is free
    _book(admin_user, room, at(8), at(10))
    _book(admin_user, room.centre.rooms.get(name="Briefing Room"), at(0), at(8), service="briefing")


def test_a_rejected_or_cancelled_session_frees_the_room(admin_user, room, at):
    first = _book(admin_user, room, at(0), at(8))
    services.transition(actor=admin_user, evaluation=first, action="cancel")
    assert _book(admin_user, room, at(1), at(5)).status == "requested"


def test_the_database_itself_refuses_an_overlap(admin_user, room, at):
    """Past the service's check (a concurrent writer would be): the constraint/trigger holds."""
    _book(admin_user, room, at(0), at(8))
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(ref="EVA-RAW", room=room, title="x", service="briefing", organisation="x",
                                  country="FR", starts_at=at(2), ends_at=at(3))
    other = _book(admin_user, room, at(9), at(10))
    with pytest.raises(IntegrityError), transaction.atomic():  # moving a booking onto another is refused too
        Evaluation.objects.filter(pk=other.pk).update(starts_at=at(7))


def test_bad_times_capacity_and_service(admin_user, room, at):
    with pytest.raises(ValidationError, match="end after"):
        _book(admin_user, room, at(5), at(5))
    with pytest.raises(ValidationError, match="seats 6"):
        _book(admin_user, room, at(0), at(2), attendees=7)
    with pytest.raises(ValidationError, match="does not offer"):
        _book(admin_user, room, at(0), at(2), service="interop_testing")
    assert not Evaluation.objects.exists()


def test_customer_books_for_its_own_customer_and_sees_only_its_own(role_users, admin_user, room, at, customer_factory):
    customer_user = role_users[Role.CUSTOMER_VIEWER]
    mine = _book(customer_user, room, at(0), at(3), organisation="ignored", country="US")
    assert mine.customer == customer_user.customer and mine.country == customer_user.customer.country
    other = _book(admin_user, room, at(4), at(6), customer=customer_factory(name="Vodafone Group", country="GB"))
    assert list(selectors.evaluations(user=customer_user)) == [mine]
    assert set(selectors.evaluations(user=admin_user)) == {mine, other}
    with pytest.raises(PermissionDenied):  # a stakeholder cannot book a session already approved
        _book(customer_user, room, at(10), at(11), status="approved")


def test_regulator_sees_the_sessions_of_its_countries(regulator, admin_user, room, at):
    german = _book(admin_user, room, at(0), at(3), organisation="Deutsche Telekom AG", country="DE")
    _book(admin_user, room, at(4), at(6), organisation="Orange SA", country="FR")
    own = _book(regulator, room, at(7), at(9))
    assert own.country == "DE" and own.organisation.startswith("Bundesamt")
    assert set(selectors.evaluations(user=regulator)) == {german, own}


def test_calendar_shows_other_bookings_without_names(role_users, admin_user, room, at):
    customer_user = role_users[Role.CUSTOMER_VIEWER]
    _book(admin_user, room, at(0), at(3), organisation="Telefónica SA", country="ES")
    mine = _book(customer_user, room, at(4), at(6))
    grid = selectors.month_grid(user=customer_user, year=2027, month=3)
    day = next(d for week in grid["weeks"] for d in week if d["date"] == dt.date(2027, 3, 1))
    titles = [s["title"] for s in day["sessions"]]
    assert titles == ["Booked", mine.title]
    assert all("Telef" not in s["organisation"] for s in day["sessions"])


def test_versions_with_sbom_hash_and_findings(admin_user, room, at):
    from steadfast.network.models import Item, Supplier
    from steadfast.security.models import Sbom, SbomComponent

    product = Item.objects.create(ref="P-RAN", name="RAN Baseband 6630", kind="product")
    supplier = Supplier.objects.create(ref="S-1", legal_name="Chip Co", country="TW", category="software")
    sbom = Sbom.objects.create(supplier=supplier, item=product, sha256="a" * 64, spec_version="1.6")
    SbomComponent.objects.create(sbom=sbom, name="openssl", version="3.0.13", group="openssl")
    evaluation = _book(admin_user, room, at(0), at(8))
    version = services.add_version(actor=admin_user, evaluation=evaluation, product=product, version="24.1")
    again = services.product_sbom(product=product, version="24.1")
    assert version.sbom_sha256 == again.sha256 and version.component_count == 1
    with pytest.raises(ValidationError, match="already recorded"):
        services.add_version(actor=admin_user, evaluation=evaluation, product=product, version="24.1")
    with pytest.raises(ValidationError, match="not been held"):
        services.add_finding(actor=admin_user, evaluation=evaluation, title="x", severity=2, owner=None,
                             due_on=dt.date(2027, 4, 1))
    for step in ("approve", "schedule", "hold"):
        services.transition(actor=admin_user, evaluation=evaluation, action=step)
    finding = services.add_finding(actor=admin_user, evaluation=evaluation, title="Debug port left enabled", severity=3,
                                   owner=admin_user, due_on=dt.date(2027, 4, 1))
    services.set_finding_status(actor=admin_user, finding=finding, status="resolved")
    assert finding.resolved_on is not None
