"""An assessment as an OSCAL 1.2.3 assessment-results document.

Mapping: one `result` per assessment; `reviewed-controls` lists every control the template's questions
map to; each visible answered question is an `observation` (method INTERVIEW, EXAMINE when evidence
is attached, evidence files listed with their SHA-256); each reviewed control gets a `finding` whose
target status is "satisfied" when every visible scored question mapped to it was answered yes or not
applicable; each security finding of the assessment is a `risk` with its deadline and status. UUIDs
are version-5 UUIDs derived from our ids, so exporting twice yields the same document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.utils import timezone

from steadfast.security.models import Answer, Assessment, Evidence, Finding, Question
from steadfast.security.services.questionnaires import is_visible

from .validation import assessment_results_errors

OSCAL_VERSION = "1.2.3"
NAMESPACE = uuid.UUID("6f1c3b0e-5d0a-4c8e-9a57-3f2d8b6a1c01")
PROP_NS = "https://steadfast.example/ns/oscal"
SATISFIED_ANSWERS = {"yes", "na"}
RISK_STATUS = {
    Finding.Status.OPEN: "open", Finding.Status.REMEDIATION_PLANNED: "remediating",
    Finding.Status.VERIFIED_CLOSED: "closed", Finding.Status.RISK_ACCEPTED: "deviation-approved",
    Finding.Status.EXCEPTION: "deviation-approved",
}


def _uuid(*parts: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=dt.UTC)
    return timezone.localtime(value, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _prop(name: str, value: Any) -> dict[str, str]:
    return {"name": name, "ns": PROP_NS, "value": str(value)}


def _answer_text(value: Any) -> str:
    if value is None:
        return "(no answer)"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def export_assessment_results(*, assessment: Assessment) -> dict[str, Any]:
    """The OSCAL document (a dict); raises RuntimeError if it would not validate, which is a bug."""
    assessment = (Assessment.objects.select_related("supplier", "template", "campaign").get(pk=assessment.pk))
    questions = list(Question.objects.filter(template=assessment.template).prefetch_related("controls__framework")
                     .order_by("order"))
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    values = {qid: a.value for qid, a in answers.items()}
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment).order_by("pk"):
        evidence[item.question_id].append(item)
    now = timezone.now()

    resources, observations = [], []
    observations_by_control: dict[str, list[str]] = defaultdict(list)
    control_state: dict[str, bool] = {}
    controls: dict[str, Any] = {}
    for question in questions:
        visible = is_visible(question, values)
        for control in question.controls.all():
            controls.setdefault(control.control_id, control)
            if visible and question.weight > 0 and question.answer_type == Question.AnswerType.YES_NO_PARTIAL_NA:
                control_state[control.control_id] = (control_state.get(control.control_id, True)
                                                     and values.get(question.pk) in SATISFIED_ANSWERS)
        answer = answers.get(question.pk)
        if not visible or (answer is None and not evidence[question.pk]):
            continue
        observation_uuid = _uuid("observation", assessment.pk, question.pk)
        observation: dict[str, Any] = {
            "uuid": observation_uuid, "title": f"{question.code}: {question.text[:200]}",
            "description": f"{question.text}\n\nAnswer: {_answer_text(answer.value if answer else None)}"
                           + (f"\n\nComment: {answer.comment}" if answer and answer.comment else ""),
            "props": [_prop("question-code", question.code), _prop("weight", question.weight)],
            "methods": ["EXAMINE"] if evidence[question.pk] else ["INTERVIEW"],
            "collected": _when(answer.updated_at if answer else evidence[question.pk][0].created_at),
        }
        if evidence[question.pk]:
            observation["relevant-evidence"] = []
            for item in evidence[question.pk]:
                resource_uuid = _uuid("evidence", item.pk)
                resources.append({"uuid": resource_uuid, "title": item.original_name[:200],
                                  "props": [_prop("sha256", item.sha256), _prop("size", item.size)],
                                  "rlinks": [{"href": f"evidence/{item.pk}", "media-type": item.content_type,
                                              "hashes": [{"algorithm": "SHA-256", "value": item.sha256}]}]})
                observation["relevant-evidence"].append({"href": f"#{resource_uuid}",
                                                         "description": f"{item.original_name} (SHA-256 {item.sha256})"})
        observations.append(observation)
        for control in question.controls.all():
            observations_by_control[control.control_id].append(observation_uuid)

    findings = []
    for control_id, control in controls.items():
        finding: dict[str, Any] = {
            "uuid": _uuid("finding", assessment.pk, control.pk),
            "title": f"{control.label or control_id} {control.title}"[:250],
            "description": f"Questionnaire coverage of {control.label or control_id} ({control.framework}).",
            "target": {"type": "statement-id", "target-id": f"{control_id}_smt",
                       "status": {"state": "satisfied" if control_state.get(control_id) else "not-satisfied"}},
        }
        if observations_by_control[control_id]:
            finding["related-observations"] = [{"observation-uuid": u} for u in observations_by_control[control_id]]
        findings.append(finding)

    risks = []
    for item in Finding.objects.filter(assessment=assessment).order_by("pk"):
        risk: dict[str, Any] = {
            "uuid": _uuid("risk", item.pk), "title": item.title[:250], "description": item.detail or item.title,
            "statement": item.required_action or item.remediation_plan or item.title,
            "props": [_prop("severity", item.severity), _prop("source", item.source)],
            "status": RISK_STATUS[item.status],
        }
        if item.due_date:
            risk["deadline"] = _when(item.due_date)
        risks.append(risk)

    supplier = assessment.supplier
    result: dict[str, Any] = {
        "uuid": _uuid("result", assessment.pk),
        "title": f"{assessment.template} for {supplier.legal_name}",
        "description": f"Supplier security assessment {assessment.pk} of {supplier.ref} {supplier.legal_name}, "
                       f"status {assessment.status}.",
        "start": _when(assessment.invited_at or assessment.created_at),
        "props": [_prop("assessment-status", assessment.status)],
        "reviewed-controls": {"control-selections": [
            {"include-controls": [{"control-id": cid} for cid in controls]} if controls else {"include-all": {}}]},
    }
    end = assessment.accepted_at or assessment.submitted_at
    if end:
        result["end"] = _when(end)
    for name, value in (("score", assessment.score), ("residual-risk", assessment.residual_risk),
                        ("inherent-risk", assessment.inherent_score)):
        if value is not None:
            result["props"].append(_prop(name, value))
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    if risks:
        result["risks"] = risks

    plan_uuid = _uuid("plan", assessment.template_id)
    resources.append({"uuid": plan_uuid, "title": f"Questionnaire {assessment.template}",
                      "description": "The questionnaire template that served as the assessment plan."})
    document = {"assessment-results": {
        "uuid": _uuid("assessment-results", assessment.pk),
        "metadata": {
            "title": f"Supplier security assessment: {supplier.legal_name}",
            "last-modified": _when(max(assessment.updated_at, now)),
            "version": f"{assessment.pk}-{assessment.status}",
            "oscal-version": OSCAL_VERSION,
            "parties": [{"uuid": _uuid("supplier", supplier.pk), "type": "organization", "name": supplier.legal_name,
                         "props": [_prop("supplier-ref", supplier.ref), _prop("country", supplier.country)]}],
        },
        "import-ap": {"href": f"#{plan_uuid}"},
        "results": [result],
        "back-matter": {"resources": resources},
    }}
    errors = assessment_results_errors(document)
    if errors:
        raise RuntimeError("OSCAL export does not validate: " + "; ".join(errors[:5]))
    return document
