"""Privacy fixtures: uploaded files go to a temporary media folder; agreements in every house style."""

from __future__ import annotations

import datetime as dt

import pytest

from steadfast.privacy.demo.documents import render_docx, render_pdf
from steadfast.privacy.demo.wordings import agreement_text


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_agreement(style: str = "vendor", omit=frozenset(), fmt: str = "pdf") -> bytes:
    text = agreement_text(style=style, omit=omit, controller="Northwind Networks SE", supplier="Kestrel Payroll GmbH",
                          service="payroll", ref="DPA-T-1")
    return {"pdf": render_pdf, "docx": render_docx}[fmt](text) if fmt != "text" else text.encode()


@pytest.fixture
def agreement_bytes():
    return make_agreement


@pytest.fixture
def privacy_officer(make_user):
    return make_user("privacy_officer")


@pytest.fixture
def dpa_factory(db, supplier_factory):
    from steadfast.privacy.services import create_dpa

    def make(supplier=None, **fields):
        fields.setdefault("objection_window_days", 30)
        return create_dpa(actor=None, supplier=supplier or supplier_factory(category="software"), **fields)

    return make


@pytest.fixture
def today():
    return dt.date(2026, 6, 15)
