"""The security commands: `campaigns run` goes through the service (draft → running in one audited
transaction), and list output piped into a reader that stops early ends quietly, no traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.core.models import AuditEvent
from steadfast.security.models import Assessment
from steadfast.security.services.campaigns import create_campaign, run_campaign


@pytest.fixture
def draft_campaign(questionnaire, tiered_supplier, analyst):
    for _ in range(3):
        tiered_supplier(tier=1, country="DE")
    tiered_supplier(tier=3, country="DE")
    return create_campaign(actor=analyst, name="Tier 1", template=questionnaire,
                           due_date=dt.date.today() + dt.timedelta(days=30), filter={"tier": [1]})


def _campaign_updates(campaign):
    return AuditEvent.objects.filter(object_type="security.campaign", object_id=str(campaign.pk), verb="update")


def test_campaigns_run_marks_the_draft_running_once_and_creates_assessments(draft_campaign):
    out = StringIO()
    call_command("campaigns", "run", str(draft_campaign.pk), stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue()) == {"created": 3}
    draft_campaign.refresh_from_db()
    assert draft_campaign.status == "running" and draft_campaign.launched_at is not None
    (event,) = _campaign_updates(draft_campaign)
    assert event.changes["status"] == ["draft", "running"]

    out = StringIO()  # again: nothing new to create, no second status change
    call_command("campaigns", "run", str(draft_campaign.pk), stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue()) == {"created": 0}
    assert _campaign_updates(draft_campaign).count() == 1
    assert Assessment.objects.filter(campaign=draft_campaign).count() == 3


def test_campaigns_run_invites_and_refuses_a_closed_campaign(draft_campaign, analyst, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = run_campaign(actor=analyst, campaign=draft_campaign, invite=True)
    assert result == {"created": 3, "emails": 3, "without_contacts": 0}
    assert set(Assessment.objects.filter(campaign=draft_campaign).values_list("status", flat=True)) == {"invited"}

    draft_campaign.refresh_from_db()
    draft_campaign.status = "closed"
    draft_campaign.save()
    with pytest.raises(CommandError, match="closed"):
        call_command("campaigns", "run", str(draft_campaign.pk), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="no campaign 999999"):
        call_command("campaigns", "run", "999999", stdout=StringIO(), stderr=StringIO())


def test_a_closed_pipe_ends_a_list_command_quietly(draft_campaign):
    """In process, through a real pipe whose reader has gone."""
    run_campaign(actor=None, campaign=draft_campaign)
    read_end, write_end = os.pipe()
    os.close(read_end)
    stream = os.fdopen(write_end, "w", buffering=1)  # line-buffered: each line reaches the pipe
    try:
        with pytest.raises(SystemExit) as stopped:
            call_command("assessments", "list", stdout=stream)
        assert stopped.value.code == 141
    finally:
        try:
            stream.close()
        except BrokenPipeError:
            pass


@pytest.mark.slow
def test_list_commands_piped_into_a_reader_that_stops_print_no_traceback(tmp_path):
    """The real process: `steadfast … list | head -0`, on a fresh migrated database."""
    env = {**os.environ, "STEADFAST_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "steadfast.settings"}
    env.pop("DATABASE_URL", None)
    steadfast = [sys.executable, "-c", "import sys; from steadfast.cli import main; sys.argv[0] = 'steadfast'; main()"]
    migrate = subprocess.run([*steadfast, "migrate", "-v0"], env=env, capture_output=True, text=True, timeout=180)
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    for command in (["assessments", "list", "--json"], ["campaigns", "list", "--json"],
                    ["questionnaires", "list", "--json"]):
        proc = subprocess.Popen([*steadfast, *command], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # the reader is gone before the first line is written
        _, err = proc.communicate(timeout=120)
        err = err.decode()
        assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
        assert proc.returncode == 141, (command, proc.returncode, err)
