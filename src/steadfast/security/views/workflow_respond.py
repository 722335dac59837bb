"""Answering a finding (a remediation plan, evidence of the fix), shared by respondent accounts
(workflow_portal) and magic-link visitors (workflow_guest): they differ in the actor and the URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date

from steadfast.security.models import Finding
from steadfast.security.selectors import workflow as select
from steadfast.security.services.portal import evidence_max_bytes
from steadfast.security.services.remediation import add_remediation_evidence, plan_remediation


@dataclass
class Responding:
    actor: Any
    finding_url: Callable[[int], str]
    plan_url: Callable[[int], str]
    evidence_url: Callable[[int], str]
    evidence_file_url: Callable[[int], str]
    back_url: str


def with_urls(ctx: Responding, findings):
    """The findings, each with `url` set to its page for this respondent."""
    findings = list(findings)
    for finding in findings:
        finding.url = ctx.finding_url(finding.pk)
    return findings


def render_finding(request, ctx: Responding, finding: Finding, *, errors=None, status: int = 200):
    evidence = select.finding_evidence(finding=finding)
    for item in evidence:
        item.url = ctx.evidence_file_url(item.pk)
    return render(request, "security/workflow/portal_finding.html", {
        "finding": finding, "evidence": evidence, "errors": errors or {}, "ctx": ctx,
        "plan_url": ctx.plan_url(finding.pk), "upload_url": ctx.evidence_url(finding.pk),
    }, status=status)


def save_plan(request, ctx: Responding, finding: Finding):
    raw_due = (request.POST.get("remediation_due") or "").strip()
    try:
        due = parse_date(raw_due) if raw_due else None
    except ValueError:
        due = None
    try:
        if raw_due and due is None:
            raise ValidationError({"remediation_due": "not a date (YYYY-MM-DD)"})
        plan_remediation(actor=ctx.actor, finding=finding, plan=request.POST.get("remediation_plan", ""), due=due)
    except ValidationError as exc:
        finding.refresh_from_db()
        return render_finding(request, ctx, finding, errors=exc.message_dict, status=422)
    messages.success(request, "Remediation plan recorded.")
    return redirect(ctx.finding_url(finding.pk))


def upload_evidence(request, ctx: Responding, finding: Finding):
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": "choose a file to upload"})
        add_remediation_evidence(actor=ctx.actor, finding=finding, name=upload.name,
                                 data=upload.read(evidence_max_bytes() + 1))
    except ValidationError as exc:
        return render_finding(request, ctx, finding, errors=exc.message_dict, status=422)
    messages.success(request, f"{upload.name} attached.")
    return redirect(ctx.finding_url(finding.pk))
