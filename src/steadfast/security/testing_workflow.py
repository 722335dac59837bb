"""Sample objects for the role × route matrix, for the workflow's URL arguments (campaign_id,
assessment_id, finding_id, evidence_id, question_id, token, fmt). Chained from security/testing.py."""

from __future__ import annotations

import datetime as dt

from steadfast.core.roles import Role

KWARGS = ("campaign_id", "assessment_id", "finding_id", "evidence_id", "question_id", "token", "fmt")


def _template():
    from steadfast.security.models import Question, QuestionnaireTemplate

    template, created = QuestionnaireTemplate.objects.get_or_create(
        name="Route matrix questionnaire", version=1, defaults={"status": "published"})
    if created:
        Question.objects.create(template=template, order=1, code="RM-01", text="Matrix question?",
                                answer_type="yes_no_partial_na", weight=5)
    return template


def _supplier(tag: str, supplier=None):
    from steadfast.network.models import Supplier

    if supplier is not None:
        return supplier
    return Supplier.objects.get_or_create(ref=f"{tag}-WFSUP", defaults={
        "legal_name": f"{tag} workflow supplier", "country": "DE", "category": "components"})[0]


def _chain(tag: str, supplier=None) -> dict:
    """A submitted-free assessment with one piece of evidence and one finding for the supplier."""
    from steadfast.security.models import Assessment, Campaign, Evidence, Finding

    supplier = _supplier(tag, supplier)
    template = _template()
    campaign, _ = Campaign.objects.get_or_create(name=f"{tag} matrix campaign", defaults={
        "template": template, "due_date": dt.date.today() + dt.timedelta(days=30)})
    assessment, _ = Assessment.objects.get_or_create(campaign=campaign, supplier=supplier, defaults={
        "template": template, "status": "invited", "due_date": dt.date.today() + dt.timedelta(days=30)})
    evidence = Evidence.objects.filter(assessment=assessment).first()
    if evidence is None:
        from django.core.files.base import ContentFile

        data = f"evidence of {tag}".encode()
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        evidence = Evidence.objects.create(assessment=assessment, question=None, file=ContentFile(data, name=digest),
                                           original_name="evidence.txt", size=len(data), content_type="text/plain",
                                           sha256=digest)
    finding, _ = Finding.objects.get_or_create(supplier=supplier, title=f"{tag} matrix finding", defaults={
        "source": "manual", "severity": "medium", "due_date": dt.date.today() + dt.timedelta(days=90)})
    return {"campaign_id": campaign.pk, "assessment_id": assessment.pk, "evidence_id": evidence.pk,
            "finding_id": finding.pk, "question_id": template.questions.first().pk}


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    if kwarg == "token":
        return None if foreign else "not-a-real-link-token-" + "x" * 20
    if kwarg == "fmt":
        return None if foreign else "csv"
    scoped_to_supplier = user.role == Role.SUPPLIER_RESPONDENT
    if foreign:
        # Only supplier respondents have a narrower scope; campaigns and questions are not per supplier.
        if not scoped_to_supplier or kwarg in ("campaign_id", "question_id"):
            return None
        return _chain("FOREIGN")[kwarg]
    if scoped_to_supplier:
        return _chain(f"S{user.supplier_id}", supplier=user.supplier)[kwarg]
    return _chain("MATRIX")[kwarg]
