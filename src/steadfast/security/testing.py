"""Sample objects for the role × route matrix (tests/test_route_matrix.py).

`route_sample(kwarg, user=, foreign=, other_user=)` answers a value for a URL argument that `user`
may reach (a small chain supplier → campaign → assessment with evidence and a finding is created on
demand), or with foreign=True one outside a supplier respondent's scope (None for roles whose
scope has no narrower edge for that argument).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile

from steadfast.core.roles import Role
from steadfast.network.models import Supplier
from steadfast.security.models import (
    Assessment,
    Campaign,
    Evidence,
    Finding,
    Framework,
    Question,
    QuestionnaireTemplate,
    Sbom,
)

KWARGS = ("framework_id", "sbom_id", "campaign_id", "assessment_id", "finding_id", "evidence_id", "question_id",
          "template_id", "token", "fmt")


def _template() -> QuestionnaireTemplate:
    template, created = QuestionnaireTemplate.objects.get_or_create(
        name="Route matrix questionnaire", version=1, defaults={"status": "published"})
    if created:
        Question.objects.create(template=template, order=1, code="RM-01", text="Matrix question?",
                                answer_type="yes_no_partial_na", weight=5)
    return template


def _supplier(tag: str, supplier=None) -> Supplier:
    if supplier is not None:
        return supplier
    return Supplier.objects.get_or_create(ref=f"{tag}-WFSUP", defaults={
        "legal_name": f"{tag} workflow supplier", "country": "DE", "category": "components"})[0]


def _chain(tag: str, supplier=None) -> dict:
    """A campaign's assessment with one piece of evidence, a finding and an SBOM for the supplier."""
    supplier = _supplier(tag, supplier)
    template = _template()
    campaign, _ = Campaign.objects.get_or_create(name=f"{tag} matrix campaign", defaults={
        "template": template, "due_date": dt.date.today() + dt.timedelta(days=30)})
    assessment, _ = Assessment.objects.get_or_create(campaign=campaign, supplier=supplier, defaults={
        "template": template, "status": "invited", "due_date": dt.date.today() + dt.timedelta(days=30)})
    evidence = Evidence.objects.filter(assessment=assessment).first()
    if evidence is None:
        data = f"evidence of {tag}".encode()
        digest = hashlib.sha256(data).hexdigest()
        evidence = Evidence.objects.create(assessment=assessment, question=None, file=ContentFile(data, name=digest),
                                           original_name="evidence.txt", size=len(data), content_type="text/plain",
                                           sha256=digest)
    finding, _ = Finding.objects.get_or_create(supplier=supplier, title=f"{tag} matrix finding", defaults={
        "source": "manual", "severity": "medium", "due_date": dt.date.today() + dt.timedelta(days=90)})
    sbom, _ = Sbom.objects.get_or_create(supplier=supplier, sha256=f"{supplier.pk:064d}",
                                         defaults={"spec_version": "1.5", "original_name": "matrix.cdx.json"})
    return {"campaign_id": campaign.pk, "assessment_id": assessment.pk, "evidence_id": evidence.pk,
            "finding_id": finding.pk, "question_id": template.questions.first().pk, "sbom_id": sbom.pk}


def _framework() -> int:
    return Framework.objects.get_or_create(name="Route matrix catalog", version="1")[0].pk


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    if kwarg == "token":
        return None if foreign else "not-a-real-link-token-" + "x" * 20
    if kwarg == "fmt":
        return None if foreign else "csv"
    if kwarg == "framework_id":  # reference data: no supplier, so nothing foreign
        return None if foreign else _framework()
    if kwarg == "template_id":  # questionnaires are reference data too
        return None if foreign else _template().pk
    scoped_to_supplier = user.role == Role.SUPPLIER_RESPONDENT
    if foreign:
        # Only supplier respondents have a narrower scope; campaigns and questions are not per supplier.
        if not scoped_to_supplier or kwarg in ("campaign_id", "question_id"):
            return None
        return _chain("FOREIGN")[kwarg]
    if scoped_to_supplier:
        return _chain(f"S{user.supplier_id}", supplier=user.supplier)[kwarg]
    return _chain("MATRIX")[kwarg]
