"""Fixtures for the assessment workflow: a small questionnaire with conditional questions, a tiered
supplier with a contact, and an assessment of it."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def questionnaire(db):
    from steadfast.security.models import Question, QuestionnaireTemplate

    template = QuestionnaireTemplate.objects.create(name="Workflow test baseline", version=1, status="published")

    def add(order, code, text, answer_type="yes_no_partial_na", **fields):
        return Question.objects.create(template=template, order=order, code=code, text=text,
                                       answer_type=answer_type, **fields)

    q = {}
    q["mfa"] = add(1, "AC-01", "Is multi-factor authentication enforced for remote access?", weight=10)
    q["irp"] = add(2, "IR-01", "Do you maintain an incident response plan?", weight=5)
    q["irp_tested"] = add(3, "IR-02", "Is the incident response plan tested every year?", weight=2,
                          condition_question=q["irp"], condition_values=["yes"])
    q["hosting"] = add(4, "SA-01", "Where do you host our data?", "single_choice", weight=0,
                       choices=["on-premises", "cloud", "none"])
    q["cloud_cert"] = add(5, "SA-02", "Is your cloud provider certified (ISO 27001 / SOC 2)?", weight=8,
                          condition_question=q["hosting"], condition_values=["cloud"])
    q["certificate"] = add(6, "GV-01", "Upload your latest security certificate", "evidence_file", weight=0,
                           required=False)
    q["notes"] = add(7, "GV-02", "Anything else we should know?", "text", weight=0, required=False)
    template.q = q
    return template


@pytest.fixture
def tiered_supplier(supplier_factory):
    """make(tier=1, inherent=80.0, contacts=1, **supplier fields) -> Supplier with a risk profile."""
    from steadfast.network.models import SupplierContact
    from steadfast.security.models import SupplierRiskProfile

    def make(*, tier=1, inherent=80.0, contacts=1, next_due=None, **fields):
        supplier = supplier_factory(**fields)
        SupplierRiskProfile.objects.create(supplier=supplier, tier=tier, inherent_score=inherent,
                                           next_reassessment_due=next_due)
        for n in range(contacts):
            SupplierContact.objects.create(supplier=supplier, name=f"Contact {n}", email=f"c{n}-{supplier.pk}@example.com")
        return supplier

    return make


@pytest.fixture
def assessment_of(questionnaire):
    def make(supplier, *, due_in_days=30):
        from steadfast.security.models import Assessment
        from steadfast.security.services.campaigns import create_assessments

        (pk,) = create_assessments(actor=None, supplier_ids=[supplier.pk], template_id=questionnaire.pk,
                                   due_date=dt.date.today() + dt.timedelta(days=due_in_days))
        return Assessment.objects.get(pk=pk)

    return make


@pytest.fixture
def analyst(role_users):
    return role_users["risk_analyst"]


@pytest.fixture
def respondent(role_users):
    return role_users["supplier_respondent"]


@pytest.fixture
def home_assessment(home_supplier, assessment_of):
    from steadfast.network.models import SupplierContact
    from steadfast.security.models import SupplierRiskProfile

    SupplierRiskProfile.objects.create(supplier=home_supplier, tier=1, inherent_score=80.0)
    SupplierContact.objects.create(supplier=home_supplier, name="Home contact", email="sec@home.example")
    return assessment_of(home_supplier)


@pytest.fixture
def answer_all(questionnaire):
    """answer_all(assessment, actor=, **overrides): answer every required question (yes / cloud)."""
    from steadfast.security.services.portal import save_answers

    def go(assessment, *, actor, **overrides):
        values = {"mfa": "yes", "irp": "yes", "irp_tested": "yes", "hosting": "cloud", "cloud_cert": "yes"}
        values.update(overrides)
        save_answers(actor=actor, assessment=assessment,
                     raw_values={questionnaire.q[k].pk: v for k, v in values.items()})

    return go


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
