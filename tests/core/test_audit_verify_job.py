"""/audit/verify/ starts a background job with progress (no re-hashing inside the request) and shows
when the chain last passed, up to which event; a broken chain is named with its first bad event."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from steadfast.core.models import AuditEvent, Job
from steadfast.core.roles import Role
from steadfast.core.services import crud


@pytest.mark.django_db(transaction=True)  # committed: the worker runs the job as it would in production
def test_verification_runs_as_a_job_and_the_pages_say_when_it_last_passed(role_users):
    from steadfast.network.models import Supplier

    for n in range(3):
        crud.create(actor=role_users[Role.ADMINISTRATOR], model=Supplier, ref=f"VER-{n}",
                    legal_name=f"Nordvik Components {n} AS", country="NO", category="components")
    head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    auditor = Client()
    auditor.force_login(role_users[Role.AUDITOR])
    assert b"has not been verified here yet" in auditor.get("/audit/verify/").content

    started = auditor.post("/audit/verify/")
    assert started.status_code == 302 and started["Location"] == "/audit/verify/"
    job = Job.objects.get(kind="core.audit_verify")
    assert job.status == Job.Status.QUEUED and job.owner == role_users[Role.AUDITOR]
    page = auditor.get("/audit/verify/").content.decode()
    assert f'id="job-{job.pk}"' in page and "hx-get" in page  # progress, polled
    auditor.post("/audit/verify/")
    assert Job.objects.filter(kind="core.audit_verify").count() == 1  # one at a time

    call_command("worker", batch=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100
    assert job.result["ok"] is True and job.result["head_seq"] >= head
    page = auditor.get("/audit/verify/").content.decode()
    assert f"up to event #{job.result['head_seq']}" in page and "Last passed" in page
    assert f"intact up to event #{job.result['head_seq']}" in auditor.get("/audit/").content.decode()

    victim = AuditEvent.objects.order_by("seq")[1]
    AuditEvent.objects.filter(pk=victim.pk).update(object_label="someone else")
    auditor.post("/audit/verify/")
    call_command("worker", batch=True)
    page = auditor.get("/audit/verify/").content.decode()
    assert f"found the chain broken at event #{victim.seq}" in page and "edited" in page
    assert f"up to event #{job.result['head_seq']}" in page  # when it last passed stays shown


def test_roles_without_the_audit_log_cannot_start_it(role_users):
    client = Client()
    client.force_login(role_users[Role.RISK_ANALYST])
    assert client.post("/audit/verify/").status_code == 403
    assert not Job.objects.filter(kind="core.audit_verify").exists()
