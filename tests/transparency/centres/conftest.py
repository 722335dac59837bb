"""Fixtures for the centres, the portal and the regulators (a folder of their own: the figures tests
sit beside it in tests/transparency/)."""

from __future__ import annotations

import datetime as dt

import pytest

from steadfast.core.roles import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def centre(db):
    from steadfast.transparency.models import Centre, Room

    centre = Centre.objects.create(ref="TC-BRU", name="Brussels Cyber Security Transparency Centre", city="Brussels",
                                   country="BE", offers_source_code_review=True, offers_product_testing=True,
                                   offers_briefing=True)
    Room.objects.create(centre=centre, name="Source Review Lab 1", capacity=6)
    Room.objects.create(centre=centre, name="Briefing Room", capacity=20)
    return centre


@pytest.fixture
def room(centre):
    return centre.rooms.get(name="Source Review Lab 1")


@pytest.fixture
def at():
    """A Monday at 09:00 UTC plus hours."""
    base = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    return lambda hours=0, day=0: base + dt.timedelta(days=day, hours=hours)


@pytest.fixture
def regulator(make_user):
    from steadfast.transparency.models import RegulatorCountry

    user = make_user(Role.REGULATOR, username="reg-de")
    RegulatorCountry.objects.create(user=user, country="DE", authority="Bundesamt für Sicherheit in der Informationstechnik")
    return user


@pytest.fixture
def nda(db):
    from steadfast.transparency.services import portal

    return portal.create_nda(actor=None, version="2.1", title="Stakeholder portal NDA",
                             text="The recipient keeps the document confidential and uses it only to assess the vendor.",
                             effective_on=dt.date(2026, 1, 1))


@pytest.fixture
def pdf_document(admin_user, nda):
    from steadfast.transparency.services import portal
    from steadfast.transparency.services.watermark import sample_pdf

    data = sample_pdf(["Penetration test summary: 5G Core 24.2", "Tested by an accredited laboratory, March 2026."])
    return portal.upload_document(actor=admin_user, title="5G Core 24.2 penetration-test summary", kind="pentest",
                                  data=data, filename="5gc-pentest.pdf", access_days=14)
