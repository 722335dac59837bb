"""Contract notice deadlines: the contract page says where a contract stands, and a daily job
e-mails its owner (else administrators and risk analysts) before the last day to give notice, once per term."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.core.services.jobs import JOB_HANDLERS
from steadfast.core.services.schedule import RECURRING
from steadfast.network import services
from steadfast.network.services.contract_notices import send_notice_reminders, standing

TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def contracts(business_map, admin_user, make_user):
    owner = make_user(Role.CONTINUITY_MANAGER, username="buyer")
    owner.email = "buyer@example.com"
    owner.save(update_fields=["email"])

    def contract(ref, end, *, notice=90, auto=False, who=None, status="active"):
        return services.create_contract(actor=admin_user, ref=ref, supplier=business_map.acme, title=f"Supply {ref}",
                                        start_date=dt.date(2024, 1, 1), end_date=end, notice_days=notice,
                                        auto_renewal=auto, owner=who, status=status)

    return {
        # notice deadline 2026-12-20, within 30 days: owed
        "soon": contract("C-SOON", TODAY + dt.timedelta(days=106), who=owner),
        # deadline passed 2026-11-24, term still runs: owed (in notice period)
        "in_notice": contract("C-IN", TODAY + dt.timedelta(days=80), auto=True),
        # deadline in 2027-05: not yet
        "later": contract("C-LATER", TODAY + dt.timedelta(days=300), who=owner),
        # ended, or not active: never
        "ended": contract("C-ENDED", TODAY - dt.timedelta(days=5)),
        "expired": contract("C-EXPIRED", TODAY + dt.timedelta(days=20), status="expired"),
    }


def test_reminders_go_once_per_term_to_the_owner_or_the_supplier_managers(contracts, admin_user):
    admin_user.email = "admin@example.com"
    admin_user.save(update_fields=["email"])
    counts = send_notice_reminders(actor=None, today=TODAY)
    assert counts["contracts_reminded"] == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == len(by_recipient)  # one digest per person
    soon = by_recipient["buyer@example.com"]
    assert "Supply C-SOON" in soon.subject and "2026-12-20" in soon.subject and "C-IN" not in soon.body
    assert f"/contracts/{contracts['soon'].pk}/" in soon.body
    in_notice = by_recipient["admin@example.com"]  # no owner: administrators and risk analysts hear of it
    assert "C-IN" in in_notice.body and "renews automatically" in in_notice.body and "C-SOON" not in in_notice.body
    assert AuditEvent.objects.filter(verb="remind_notice", object_type="network.contract").count() == 2

    assert send_notice_reminders(actor=None, today=TODAY + dt.timedelta(days=1))["contracts_reminded"] == 0
    # A new term (the end date moved on) is a new deadline: reminded again when it comes near.
    services.update_contract(actor=admin_user, contract=contracts["soon"], end_date=TODAY + dt.timedelta(days=100 + 365))
    assert send_notice_reminders(actor=None, today=TODAY + dt.timedelta(days=365))["contracts_reminded"] == 1


def test_the_job_is_daily_and_the_page_says_where_the_contract_stands(contracts, admin_user):
    assert RECURRING["network.contract_notices"].every == dt.timedelta(hours=24)
    assert "network.contract_notices" in JOB_HANDLERS
    assert standing(contracts["in_notice"], TODAY).label == "In notice period"
    assert standing(contracts["soon"], TODAY).label == "Notice deadline soon"
    assert standing(contracts["later"], TODAY).label == "Active"
    assert standing(contracts["ended"], TODAY).label == "Past its end date"
    assert standing(contracts["expired"], TODAY).label == "Expired"
    client = Client()
    client.force_login(admin_user)
    html = client.get(contracts["ended"].get_absolute_url()).content.decode()
    assert "Past its end date" in html and "without automatic renewal" in html
