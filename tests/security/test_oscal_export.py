"""OSCAL assessment-results export: every export validates against the official OSCAL 1.2.3 schema."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from steadfast.core.file_checks import plain_pdf
from steadfast.security.models import Answer, Assessment, Evidence, Finding
from steadfast.security.services.oscal.validation import assessment_results_errors


@pytest.fixture
def answered_assessment(baseline, supplier_factory, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    supplier = supplier_factory(legal_name="Ünïcode Components AG")
    now = timezone.now()
    assessment = Assessment.objects.create(supplier=supplier, template=baseline, status="submitted",
                                           submitted_at=now, score=72.5, residual_risk=31.0, inherent_score=55.0)
    questions = {q.code: q for q in baseline.questions.all()}
    for code, value in {"GOV-01": "yes", "GOV-03": "partial", "PD-01": "yes", "PD-02": "no", "CTX-02": ["Logistics"],
                        "CTX-01": 120, "INC-06": "2025-01-31", "NET-01": "no"}.items():
        Answer.objects.create(assessment=assessment, question=questions[code], value=value, comment="see policy")
    content = plain_pdf("Information security policy")
    digest = hashlib.sha256(content).hexdigest()
    evidence = Evidence(assessment=assessment, question=questions["GOV-01"], original_name="policy.pdf",
                        size=len(content), content_type="application/pdf", sha256=digest)
    evidence.file.save("x", ContentFile(content), save=False)
    evidence.save()
    Finding.objects.create(supplier=supplier, assessment=assessment, question=questions["PD-02"], source="assessment",
                           severity="high", title="Personal data processed beyond instructions",
                           due_date=timezone.localdate(), status="remediation_planned", remediation_plan="Fix it")
    return assessment


def test_export_validates_and_carries_answers_evidence_findings(answered_assessment):
    from steadfast.security.services.oscal.export import export_assessment_results

    document = export_assessment_results(assessment=answered_assessment)
    assert assessment_results_errors(document) == []
    result = document["assessment-results"]["results"][0]
    assert document["assessment-results"]["metadata"]["oscal-version"] == "1.2.3"
    reviewed = {c["control-id"] for c in result["reviewed-controls"]["control-selections"][0]["include-controls"]}
    assert {"GV.SC-01", "sr-6", "pt-2"} <= reviewed
    titles = [o["title"] for o in result["observations"]]
    assert any(t.startswith("GOV-01:") for t in titles) and any(t.startswith("PD-02:") for t in titles)
    gov01 = next(o for o in result["observations"] if o["title"].startswith("GOV-01:"))
    assert gov01["methods"] == ["EXAMINE"] and "SHA-256" in gov01["relevant-evidence"][0]["description"]
    states = {f["target"]["target-id"]: f["target"]["status"]["state"] for f in result["findings"]}
    assert states["pm-1_smt"] == "satisfied"  # GOV-01 answered yes
    assert states["pt-3_smt"] == "not-satisfied"  # PD-02 answered no
    assert result["risks"][0]["status"] == "remediating"
    # Deterministic: the same assessment exports to the same identifiers.
    again = export_assessment_results(assessment=answered_assessment)
    assert again["assessment-results"]["uuid"] == document["assessment-results"]["uuid"]


def test_an_empty_assessment_exports_valid_oscal_too(baseline, supplier_factory):
    from steadfast.security.services.oscal.export import export_assessment_results

    assessment = Assessment.objects.create(supplier=supplier_factory(), template=baseline)
    assert assessment_results_errors(export_assessment_results(assessment=assessment)) == []


def test_the_validator_catches_a_broken_document(answered_assessment):
    from steadfast.security.services.oscal.export import export_assessment_results

    document = export_assessment_results(assessment=answered_assessment)
    document["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "1 not a token"
    document["assessment-results"]["metadata"].pop("version")
    errors = assessment_results_errors(document)
    assert any("target-id" in e for e in errors) and any("'version' is a required property" in e for e in errors)


def test_cli_lists_and_exports_every_assessment(answered_assessment, tmp_path):
    out = io.StringIO()
    call_command("assessments", "list", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["id"] for r in rows] == [answered_assessment.pk]
    assert rows[0]["status"] == "submitted" and rows[0]["score"] == 72.5
    for row in rows:
        target = tmp_path / f"ar-{row['id']}.json"
        call_command("assessments", "export-oscal", str(row["id"]), "--out", str(target), stderr=io.StringIO())
        assert assessment_results_errors(json.loads(target.read_text())) == []
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no assessment with id 999999"):
        call_command("assessments", "export-oscal", "999999")
