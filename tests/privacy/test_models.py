"""The database itself refuses what the privacy rules forbid (run on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from steadfast.privacy.models import (
    ClauseFinding,
    Dpa,
    DpaDocument,
    ProcessingActivity,
    SubProcessor,
    Transfer,
)
from steadfast.privacy.models import TransferImpactAssessment as Tia

D = dt.date


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def supplier(supplier_factory):
    return supplier_factory(category="software")


def _dpa(supplier, **fields):
    defaults = {"ref": f"DPA-{Dpa.objects.count() + 1}", "supplier": supplier, "objection_window_days": 30}
    return Dpa.objects.create(**{**defaults, **fields})


def test_dpa_dates_and_states_are_constrained(supplier):
    _refused(lambda: _dpa(supplier, signed_on=D(2025, 1, 1), expires_on=D(2024, 12, 31)))
    _refused(lambda: _dpa(supplier, signed_on=D(2025, 1, 1), effective_on=D(2024, 12, 1)))
    _refused(lambda: _dpa(supplier, status="active"))  # signed states need a signing date
    _refused(lambda: _dpa(supplier, status="terminated", signed_on=D(2025, 1, 1)))
    _refused(lambda: _dpa(supplier, status="archived"))
    _refused(lambda: _dpa(supplier, breach_notice_hours=0))
    _refused(lambda: _dpa(supplier, subprocessor_authorisation="general", objection_window_days=None))
    _dpa(supplier, subprocessor_authorisation="specific", objection_window_days=None)
    _dpa(supplier, status="active", signed_on=D(2025, 1, 1), expires_on=D(2028, 1, 1))
    _refused(lambda: _dpa(supplier, ref="DPA-1"))  # unique ref


def test_document_hash_and_findings_are_constrained(supplier):
    dpa = _dpa(supplier)
    fields = {"dpa": dpa, "version": 1, "kind": "pdf", "file": "x.pdf", "original_name": "x.pdf", "size": 10,
              "text": "t", "uploaded_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}
    _refused(lambda: DpaDocument.objects.create(**fields, sha256="not-a-hash"))
    _refused(lambda: DpaDocument.objects.create(**{**fields, "size": 0}, sha256="a" * 64))
    document = DpaDocument.objects.create(**fields, sha256="a" * 64)
    _refused(lambda: DpaDocument.objects.create(**fields, sha256="b" * 64))  # one row per version
    ClauseFinding.objects.create(document=document, clause="28(3)(a)", found="present")
    _refused(lambda: ClauseFinding.objects.create(document=document, clause="28(3)(a)", found="missing"))
    _refused(lambda: ClauseFinding.objects.create(document=document, clause="28(5)", found="missing"))
    _refused(lambda: ClauseFinding.objects.create(document=document, clause="28(3)(b)", found="missing",
                                                  confirmed="present"))  # a decision needs its time
    _refused(lambda: ClauseFinding.objects.create(document=document, clause="28(3)(c)", found="present",
                                                  passage_start=10, passage_end=5))


def test_subprocessors_and_transfers_are_constrained(supplier):
    dpa = _dpa(supplier)
    _refused(lambda: SubProcessor.objects.create(dpa=dpa, service="hosting"))  # neither supplier nor name
    _refused(lambda: SubProcessor.objects.create(dpa=dpa, name="X", service="s", status="proposed"))
    _refused(lambda: SubProcessor.objects.create(dpa=dpa, name="X", service="s", announced_on=D(2025, 2, 1),
                                                 objection_deadline=D(2025, 1, 1)))
    base = {"origin_country": "DE", "destination_country": "US", "mechanism": "scc_m2", "recipient": supplier}
    _refused(lambda: Transfer.objects.create(ref="T1", **{**base, "destination_country": "XX"}))
    _refused(lambda: Transfer.objects.create(ref="T1", **{**base, "mechanism": "art49"}))  # derogation unexplained
    _refused(lambda: Transfer.objects.create(ref="T1", **{**base, "recipient": None}))
    transfer = Transfer.objects.create(ref="T1", **base)
    _refused(lambda: Tia.objects.create(transfer=transfer, assessed_on=D(2025, 1, 1), next_review_on=D(2025, 1, 1),
                                        outcome="proceed", destination_law="FISA 702"))


def test_processing_activity_special_categories_need_a_condition(db):
    base = {"name": "HR", "purpose": "payroll", "legal_basis": "6.1.b", "retention": "7 years"}
    _refused(lambda: ProcessingActivity.objects.create(ref="PA-1", processes_special_categories=True, **base))
    _refused(lambda: ProcessingActivity.objects.create(ref="PA-1", legal_basis="6.1.z",
                                                       **{k: v for k, v in base.items() if k != "legal_basis"}))
    _refused(lambda: ProcessingActivity.objects.create(ref="PA-1", our_role="processor", **base))
    ProcessingActivity.objects.create(ref="PA-1", processes_special_categories=True, special_condition="9.2.b", **base)
