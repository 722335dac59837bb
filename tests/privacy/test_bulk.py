"""Sending a template to every supplier without a DPA: one agreement each, all sent, one file."""

from __future__ import annotations

from django.test import Client

from steadfast.core.models import AuditEvent, Job
from steadfast.privacy.models import ClauseFinding, Dpa, DpaTemplate
from steadfast.privacy.services.bulk import send_template, suppliers_without_dpa
from steadfast.privacy.tasks import send_template_job


def _template():
    from steadfast.privacy.demo.wordings import agreement_text

    return DpaTemplate.objects.create(code="NW-DPA", version=3, title="Northwind DPA", body=agreement_text(
        controller="Northwind", supplier="[Processor]", service="[Services]", ref="[Ref]"))


def test_send_to_suppliers_without_a_dpa(db, supplier_factory, dpa_factory):
    suppliers = [supplier_factory(category="software") for _ in range(5)]
    dpa_factory(supplier=suppliers[0])  # already has a draft: left out
    supplier_factory(category="software", status="exited")  # not a current supplier
    targets = list(suppliers_without_dpa(category="software").values_list("pk", flat=True))
    assert sorted(targets) == sorted(s.pk for s in suppliers[1:])
    steps = []
    assert send_template(actor=None, template=_template(), supplier_ids=targets,
                         progress=lambda done, total, message: steps.append((done, total))) == 4
    sent = Dpa.objects.filter(status="sent").select_related("current_document")
    assert sent.count() == 4 and len({d.current_document.sha256 for d in sent}) == 1
    assert ClauseFinding.objects.filter(document__dpa__in=sent, found="present").count() == 4 * 11
    assert AuditEvent.objects.filter(object_type="privacy.dpa", verb="create").count() == 5
    assert steps[-1] == (4, 4)
    assert not suppliers_without_dpa(category="software").exists()


def test_the_page_starts_a_job_that_sends(db, supplier_factory, privacy_officer):
    supplier_factory(category="cloud_it_services")
    template = _template()
    client = Client()
    client.force_login(privacy_officer)
    response = client.post("/privacy/dpas/send/", {"template": template.pk, "category": "cloud_it_services"})
    assert response.status_code == 302
    job = Job.objects.get(kind="privacy.send_template")
    assert send_template_job(job, lambda *a, **k: None) == {"sent": 1, "url": f"/privacy/jobs/{job.pk}/"}
    assert response["Location"] == f"/privacy/jobs/{job.pk}/"
