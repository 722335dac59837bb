"""demo_setup runs each app's demo hook (DEMO_REFERENCE_DATA, DEMO_ORGANISATION) and seeds one account per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from steadfast.core.management.commands.demo_setup import DEMO_USERNAMES
from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment

pytestmark = pytest.mark.slow


def test_demo_setup_builds_the_organisation_once_and_one_account_per_role(db):
    out = io.StringIO()
    call_command("demo_setup", seed=7, scale=0.02, stdout=out)
    suppliers = Supplier.objects.count()
    assert suppliers > 0 and Assessment.objects.exists()
    users = {u.username: u for u in User.objects.all()}
    assert set(DEMO_USERNAMES.values()) <= set(users)
    respondent = users[DEMO_USERNAMES[Role.SUPPLIER_RESPONDENT]]
    assert respondent.supplier_id is not None
    assert Assessment.objects.filter(supplier_id=respondent.supplier_id,
                                     status__in=["invited", "in_progress", "returned"]).exists()
    assert users[DEMO_USERNAMES[Role.CUSTOMER_VIEWER]].customer.networks.exists()
    assert "amber-falcon-42" in out.getvalue()

    call_command("demo_setup", seed=7, scale=0.02, stdout=io.StringIO())  # a second run generates nothing new
    assert Supplier.objects.count() == suppliers
