"""The demo's supplier respondent stays bound to the same supplier across restarts (demo_setup reruns)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from steadfast.core.management.commands.demo_setup import DEMO_USERNAMES, demo_respondent_supplier
from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.security.models import Assessment

pytestmark = pytest.mark.slow
RESPONDENT = DEMO_USERNAMES[Role.SUPPLIER_RESPONDENT]


def test_respondent_keeps_its_supplier_when_the_first_choice_would_change(db):
    call_command("demo_setup", seed=7, scale=0.02, stdout=io.StringIO())
    bound = User.objects.get(username=RESPONDENT).supplier
    assert demo_respondent_supplier() == bound  # a new account would get the same one: the choice is by ref
    # The respondent answers everything: a fresh choice would now fall on another supplier.
    # (a submitted assessment has its submission time: a database constraint)
    Assessment.objects.filter(supplier=bound, status__in=["invited", "in_progress", "returned"]).update(
        status="submitted", submitted_at=timezone.now())
    assert demo_respondent_supplier() not in (None, bound)

    out = io.StringIO()
    call_command("demo_setup", seed=7, scale=0.02, stdout=out)  # the restart
    assert User.objects.get(username=RESPONDENT).supplier == bound
    line = next(row for row in out.getvalue().splitlines() if row.strip().startswith(RESPONDENT))
    assert str(bound) in line, line  # the accounts table names the supplier the account is bound to
