"""Health check, security headers, background jobs with progress."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from steadfast.core.models import Job

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_migrated():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_503_when_migrations_are_missing(tmp_path):
    env = {**os.environ, "STEADFAST_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "steadfast.settings"}
    env.pop("DATABASE_URL", None)
    code = ("import django; django.setup(); from django.test import Client; r = Client().get('/healthz');"
            " print(r.status_code, r.json()['status'])")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "503 unavailable", result.stderr[-2000:]


def test_security_headers_on_every_page():
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_https_settings_switch_on_behind_tls(tmp_path):
    env = {**os.environ, "STEADFAST_VAR_DIR": str(tmp_path), "STEADFAST_SECURE": "1", "DJANGO_SETTINGS_MODULE": "steadfast.settings"}
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr


def test_secret_key_is_generated_once_into_var(tmp_path):
    env = {**os.environ, "STEADFAST_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "steadfast.settings"}
    env.pop("STEADFAST_SECRET_KEY", None)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
    assert first == second and len(first.strip()) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db(transaction=True)
def test_job_runs_in_the_worker_with_progress(admin_user):
    """The real path: enqueue on commit into django-tasks' database queue, run by the worker."""
    from steadfast.core.services.jobs import start_job

    job = start_job(actor=admin_user, kind="core.selfcheck", label="check")
    assert Job.objects.get(pk=job.pk).task_result_id
    call_command("worker", batch=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100 and job.result["ok"] is True
    client = Client()
    client.force_login(admin_user)
    fragment = client.get(f"/jobs/{job.pk}/")
    assert b"<progress" in fragment.content and b'value="100"' in fragment.content and b"hx-trigger" not in fragment.content
    assert client.get(f"/jobs/{job.pk}/", HTTP_ACCEPT="application/json").json()["status"] == "succeeded"


def test_unknown_job_kind_is_refused(admin_user):
    with pytest.raises(ValueError, match="unknown job kind"):
        from steadfast.core.services.jobs import start_job

        start_job(actor=admin_user, kind="nope", label="x")


def test_recurring_jobs_start_when_due_and_not_twice(admin_user):
    import datetime as dt

    from django.utils import timezone

    from steadfast.core.services.schedule import RECURRING, every, start_due_jobs

    saved = dict(RECURRING)
    RECURRING.clear()
    try:
        every("core.selfcheck", "Hourly self-check", hours=1)
        first = start_due_jobs()
        assert [job.kind for job in first] == ["core.selfcheck"]
        assert start_due_jobs() == []  # not due again within the hour
        later = timezone.now() + dt.timedelta(hours=1, minutes=1)
        assert [job.kind for job in start_due_jobs(now=later)] == ["core.selfcheck"]
    finally:
        RECURRING.clear()
        RECURRING.update(saved)


def test_security_declares_its_daily_jobs():
    from steadfast.core.services.jobs import JOB_HANDLERS
    from steadfast.core.services.schedule import RECURRING

    assert {"security.reminders", "security.reassessments"} <= set(RECURRING) <= set(JOB_HANDLERS)
