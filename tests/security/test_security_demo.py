"""`steadfast security_demo` on a small demo map: every state the demo promises exists, it loads once,
and it refuses clearly without its prerequisites."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from steadfast.core.services.audit import verify_chain
from steadfast.network.models import Supplier
from steadfast.security.models import (
    Assessment,
    Campaign,
    Evidence,
    Finding,
    KevMatch,
    Sbom,
    SupplierRiskProfile,
)
from steadfast.security.models.findings import FindingSource, FindingStatus


@pytest.mark.django_db(transaction=False)
def test_security_demo_loads_every_state_once(settings, tmp_path):
    # Whatever backend the site uses, the demo's invitations to made-up contacts are not delivered.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    with pytest.raises(CommandError, match="run 'steadfast demo' first"):
        call_command("security_demo")
    call_command("demo", seed=1, scale=0.02, audit="summary", stdout=StringIO())
    with pytest.raises(CommandError, match="run 'steadfast security_setup' first"):
        call_command("security_demo")
    call_command("security_setup", stdout=StringIO())

    out = StringIO()
    call_command("security_demo", "--seed", "3", "--json", stdout=out)
    summary = json.loads(out.getvalue())

    # tiers for every supplier, with reasons, and intake flags drawn by category
    suppliers = Supplier.objects.count()
    assert SupplierRiskProfile.objects.filter(tier__isnull=False).count() == suppliers
    assert not SupplierRiskProfile.objects.filter(tier_reasons=[]).exists()
    assert SupplierRiskProfile.objects.filter(software_in_products=True, supplier__category="software").exists()
    assert sum(summary["tiers_after"].values()) == suppliers

    # a finished (closed) and a running campaign
    assert set(Campaign.objects.values_list("status", flat=True)) == {"closed", "running"}
    finished = Campaign.objects.get(status="closed")
    assert finished.assessments.exists()
    assert not finished.assessments.exclude(status="accepted").exists()
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {"accepted", "returned", "submitted", "in_progress", "draft"} <= statuses
    assert Assessment.objects.filter(status="accepted", locked=True, score__isnull=False).exists()
    assert Evidence.objects.filter(original_name__endswith=".pdf").exists()
    # accepted suppliers have their next reassessment from the cadence
    accepted = Assessment.objects.filter(status="accepted").values("supplier_id")
    assert SupplierRiskProfile.objects.filter(supplier_id__in=accepted, next_reassessment_due__isnull=False).exists()

    # findings in every state, risk acceptances with approver and expiry
    assert set(FindingStatus.values) <= set(Finding.objects.values_list("status", flat=True))
    assert not Finding.objects.filter(status__in=["risk_accepted", "exception"], acceptance_expires__isnull=True).exists()
    # SBOMs of software suppliers, matched to real KEV entries
    assert Sbom.objects.filter(supplier__category="software").count() == Sbom.objects.count() > 0
    log4shell = KevMatch.objects.filter(kev_entry__cve_id="CVE-2021-44228").first()
    assert log4shell is not None and log4shell.finding.source == FindingSource.KEV
    assert Finding.objects.filter(source=FindingSource.KEV, cve="CVE-2021-44228").exists()

    # the finished campaign lies in the past year: a trend over several months, findings of
    # several ages, some overdue, closures that took days (the audit trail keeps the real times)
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    months = set(finished.assessments.values_list("accepted_at__month", flat=True))
    assert len(months) >= 2
    assert all(today - dt.timedelta(days=335) <= a.date() <= today - dt.timedelta(days=59)
               for a in finished.assessments.values_list("accepted_at", flat=True))
    overdue = Finding.objects.filter(assessment__campaign=finished, due_date__lt=today,
                                     status__in=["open", "remediation_planned"])
    assert summary["backdated"]["overdue_findings"] == overdue.count() > 0
    closed = Finding.objects.filter(status="verified_closed")
    assert closed.exists() and not closed.filter(closed_at__lt=F("created_at") + dt.timedelta(days=7)).exists()

    delivered = "".join(path.read_text() for path in (tmp_path / "mail").glob("*")) if (tmp_path / "mail").exists() else ""
    assert "Security questionnaire for" not in delivered
    assert Assessment.objects.filter(status="invited").exists()  # invitations were sent, and held

    assert verify_chain().ok
    counts = (Assessment.objects.count(), Finding.objects.count())
    with pytest.raises(CommandError, match="security data already exists"):
        call_command("security_demo")
    assert (Assessment.objects.count(), Finding.objects.count()) == counts
