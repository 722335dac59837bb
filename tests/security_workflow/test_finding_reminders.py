"""The daily reminders job also reminds suppliers of findings overdue or due soon: one email per
contact and supplier listing them, at most once per finding per interval, one audit event per run."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.network.models import SupplierContact
from steadfast.security.models import Finding, MagicLink
from steadfast.security.models.assessments import LinkPurpose
from steadfast.security.services.reminders import send_finding_reminders

TODAY = dt.date(2030, 3, 1)


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _finding(supplier, title, due_in, status="open", **fields):
    if status == "verified_closed":
        fields["closed_at"] = timezone.now()
        fields["closure_note"] = "Verified"
    return Finding.objects.create(supplier=supplier, source="manual", severity="high", title=title, status=status,
                                  due_date=TODAY + dt.timedelta(days=due_in), **fields)


@pytest.fixture
def owed(tiered_supplier):
    a = tiered_supplier(legal_name="Alpha Ltd", contacts=1)
    b = tiered_supplier(legal_name="Beta Ltd", contacts=2)
    f = {
        "a_late": _finding(a, "A overdue", -3, cve="CVE-2021-44228", required_action="Patch it now."),
        "a_planned_late": _finding(a, "A planned but late", -1, status="remediation_planned"),
        "a_soon": _finding(a, "A due soon", 5),
        "a_later": _finding(a, "A due later", 30),
        "a_closed": _finding(a, "A closed", -10, status="verified_closed"),
        "b_today": _finding(b, "B due today", 0),
    }
    return a, b, f


def test_findings_overdue_or_due_soon_are_reminded_once_per_supplier_contact(owed):
    a, b, f = owed
    result = send_finding_reminders(actor=None, today=TODAY)
    assert result == {"findings_overdue": 2, "findings_due_soon": 2, "finding_emails": 3, "finding_suppliers": 2,
                      "finding_suppliers_without_contacts": 0}
    to_a = [m for m in mail.outbox if m.to == [f"c0-{a.pk}@example.com"]]
    assert len(to_a) == 1 and len(mail.outbox) == 3
    body, subject = to_a[0].body, to_a[0].subject
    assert "2 overdue, 1 due by 2030-03-08" in subject
    for key in ("a_late", "a_planned_late", "a_soon"):
        assert f[key].title in body and f[key].due_date.isoformat() in body
    assert "Required action: Patch it now." in body
    assert "A due later" not in body and "A closed" not in body and "B due today" not in body
    assert "/security/portal/link/" in body
    assert MagicLink.objects.filter(supplier=a, assessment=None, purpose=LinkPurpose.REMEDIATE).count() == 1

    reminded = set(Finding.objects.filter(reminded_on=TODAY).values_list("pk", flat=True))
    assert reminded == {f[k].pk for k in ("a_late", "a_planned_late", "a_soon", "b_today")}
    (event,) = AuditEvent.objects.filter(verb="remind_findings")
    assert event.object_id == "2030-03-01" and event.changes["findings"] == [None, 4]
    assert event.changes["emails"] == [None, 3] and event.changes["finding_ids"] == [None, sorted(reminded)]


def test_no_finding_is_reminded_twice_within_the_interval(owed):
    a, b, f = owed
    send_finding_reminders(actor=None, today=TODAY)
    mail.outbox.clear()
    for day in (0, 1, 6):  # daily runs within the 7-day interval
        result = send_finding_reminders(actor=None, today=TODAY + dt.timedelta(days=day))
        assert result["finding_emails"] == 0
    assert mail.outbox == [] and AuditEvent.objects.filter(verb="remind_findings").count() == 1

    result = send_finding_reminders(actor=None, today=TODAY + dt.timedelta(days=7))  # interval over
    assert result["finding_suppliers"] == 2 and result["findings_overdue"] == 4
    assert AuditEvent.objects.filter(verb="remind_findings").count() == 2
    Finding.objects.filter(pk=f["a_soon"].pk).update(status="verified_closed", closed_at=timezone.now(),
                                                           closure_note="Verified")
    result = send_finding_reminders(actor=None, today=TODAY + dt.timedelta(days=14))
    assert result["findings_overdue"] == 3  # closed findings are left alone


def test_window_and_interval_are_configurable(owed, settings):
    a, b, f = owed
    settings.STEADFAST_FINDING_REMINDER_DAYS_BEFORE = 30
    settings.STEADFAST_FINDING_REMINDER_INTERVAL_DAYS = 1
    result = send_finding_reminders(actor=None, today=TODAY)
    assert result["findings_due_soon"] == 3  # "A due later" (30 days) now counts
    assert send_finding_reminders(actor=None, today=TODAY)["finding_emails"] == 0  # same day: nothing
    assert send_finding_reminders(actor=None, today=TODAY + dt.timedelta(days=1))["finding_emails"] == 3


def test_supplier_without_contacts_is_counted_and_left_for_later(owed):
    a, b, f = owed
    SupplierContact.objects.filter(supplier=a).delete()
    result = send_finding_reminders(actor=None, today=TODAY)
    assert result["finding_suppliers_without_contacts"] == 1 and result["finding_suppliers"] == 1
    assert not Finding.objects.filter(supplier=a, reminded_on__isnull=False).exists()
    SupplierContact.objects.create(supplier=a, name="New", email="new@alpha.example")
    assert send_finding_reminders(actor=None, today=TODAY)["finding_suppliers"] == 1  # a's turn now


def test_nothing_owed_sends_and_records_nothing(tiered_supplier):
    supplier = tiered_supplier()
    _finding(supplier, "far away", 60)
    assert send_finding_reminders(actor=None, today=TODAY)["finding_emails"] == 0
    assert mail.outbox == [] and not AuditEvent.objects.filter(verb="remind_findings").exists()


def test_reminders_command_includes_the_findings(owed):
    out = StringIO()
    call_command("reminders", "send", "--today", TODAY.isoformat(), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["findings_overdue"] == 2 and result["findings_due_soon"] == 2 and result["finding_emails"] == 3
    out = StringIO()
    call_command("reminders", "send", "--today", TODAY.isoformat(), stdout=out)
    assert "findings: 0 overdue and 0 due soon reminded" in out.getvalue()
