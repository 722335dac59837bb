"""Upgrading a database with returned assessments (security 0004 -> latest): each answer's single
reviewer comment moves into the question's thread in the round it was made, the assessment's round
is counted from the returns in the audit trail, and each evidence file names its uploader (a link
visitor's email from the audit trail). A fresh test database has no rows, so only a migration run
over real rows tests that."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from steadfast.core.services.audit import record_event
from steadfast.security.services.invitations import LinkVisitor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations")]

BEFORE = [("security", "0004_finding_reasons_and_acceptance_approval")]


def _latest(executor):
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "security"]


def test_reviewer_comments_become_threads_and_rounds_are_counted(make_user):
    reviewer = make_user("risk_analyst", username="migrating-analyst")
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Supplier = old.get_model("network", "Supplier")
        Template = old.get_model("security", "QuestionnaireTemplate")
        Question = old.get_model("security", "Question")
        Assessment = old.get_model("security", "Assessment")
        Answer = old.get_model("security", "Answer")
        Evidence = old.get_model("security", "Evidence")
        supplier = Supplier.objects.create(ref="MIG-T", legal_name="Migrated threads", country="DE",
                                           category="components")
        template = Template.objects.create(name="Baseline", version=1)
        mfa = Question.objects.create(template=template, order=1, code="AC-01", text="MFA?", weight=5,
                                      answer_type="yes_no_partial_na")
        irp = Question.objects.create(template=template, order=2, code="IR-01", text="IRP?", weight=5,
                                      answer_type="yes_no_partial_na")
        returned_at = timezone.now() - dt.timedelta(days=3)
        twice = Assessment.objects.create(supplier=supplier, template=template, status="returned",
                                          returned_at=returned_at, reviewer_id=reviewer.pk)
        unaudited = Assessment.objects.create(supplier=supplier, template=template, status="returned",
                                              returned_at=returned_at)
        for _ in range(2):
            record_event(actor=reviewer, verb="return", object_type="security.assessment", object_id=str(twice.pk),
                         object_label="assessment", changes={"status": ["submitted", "returned"]})
        Answer.objects.create(assessment=twice, question=mfa, value="no", reviewer_comment="Send the MFA policy.")
        Answer.objects.create(assessment=twice, question=irp, value="yes", reviewer_comment="   ")
        Answer.objects.create(assessment=unaudited, question=mfa, value=None, reviewer_comment="Answer this.")
        by_link = Evidence.objects.create(assessment=twice, question=mfa, file="security/evidence/x/a", size=3,
                                          original_name="a.pdf", content_type="application/pdf", sha256="a" * 64)
        by_user = Evidence.objects.create(assessment=twice, question=irp, file="security/evidence/x/b", size=3,
                                          original_name="b.pdf", content_type="application/pdf", sha256="b" * 64,
                                          uploaded_by_id=reviewer.pk)
        record_event(actor=LinkVisitor(email="sec@supplier.example", assessment_id=twice.pk, link_id=1,
                                       supplier_id=supplier.pk),
                     verb="create", object_type="security.evidence", object_id=str(by_link.pk), object_label="a.pdf")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    new = MigrationExecutor(connection).loader.project_state(latest).apps
    Assessment = new.get_model("security", "Assessment")
    AnswerComment = new.get_model("security", "AnswerComment")
    Evidence = new.get_model("security", "Evidence")
    assert dict(Assessment.objects.values_list("pk", "round")) == {twice.pk: 3, unaudited.pk: 2}
    comments = sorted(AnswerComment.objects.values_list(
        "assessment_id", "question_id", "side", "round", "author_label", "text"))
    assert comments == [(twice.pk, mfa.pk, "reviewer", 2, "migrating-analyst", "Send the MFA policy."),
                        (unaudited.pk, mfa.pk, "reviewer", 1, "reviewer", "Answer this.")]
    assert all(abs(at - returned_at) < dt.timedelta(seconds=1)
               for at in AnswerComment.objects.values_list("created_at", flat=True))
    assert dict(Evidence.objects.values_list("pk", "uploaded_by_label")) == {
        by_link.pk: "sec@supplier.example", by_user.pk: "migrating-analyst"}
