"""The supplier portal for magic-link visitors: no account; the session reaches the link's
assessment (if it has one: remediate links for SBOM/KEV findings do not) and the findings of the
link's supplier (to answer them with remediation plans).

These routes are public (the visitor has no account) and check the link session themselves: without
one they answer a refusal page, and nothing outside that assessment and its supplier's findings can
be named by id (404).
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import public
from steadfast.security.selectors import workflow as select
from steadfast.security.services.invitations import (
    LinkRefused,
    LinkVisitor,
    check_magic_link,
    redeem_magic_link,
)
from steadfast.security.views import workflow_answering as answering
from steadfast.security.views import workflow_respond as respond

SESSION_KEY = "security_link"


def _refuse(request, reason: str, status: int = 403):
    return render(request, "security/workflow/link_refused.html", {"reason": reason}, status=status)


def visitor_of(request) -> LinkVisitor | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        assessment_id = int(data["assessment_id"]) if data.get("assessment_id") is not None else None
        supplier_id = data.get("supplier_id")
        if supplier_id is None:  # a session started before links named their supplier
            supplier_id = select.assessments(user=None, only_assessment_id=assessment_id).values_list(
                "supplier_id", flat=True).first()
        return LinkVisitor(email=str(data["email"]), assessment_id=assessment_id, link_id=int(data["link_id"]),
                           supplier_id=int(supplier_id))
    except (KeyError, TypeError, ValueError):
        return None


NO_SESSION = ("Your questionnaire session has ended or never started. "
              "Open the link from your invitation email again, or ask for a new one.")


def guest_findings_view(view):
    """Public, but needs a redeemed link in the session; hands the view the visitor and the
    Responding context for the findings of the link's supplier."""

    @public
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        visitor = visitor_of(request)
        if visitor is None:
            return _refuse(request, NO_SESSION)
        return view(request, visitor, _responding(visitor), *args, **kwargs)

    wrapper.policy = None
    return wrapper


def guest_view(view):
    """Public, but needs a redeemed link to an assessment in the session; hands the view its
    Answering context. A link without an assessment (findings only) reaches none of these: 404."""

    @public
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        visitor = visitor_of(request)
        if visitor is None:
            return _refuse(request, NO_SESSION)
        if visitor.assessment_id is None:
            raise Http404("this link opens findings, not a questionnaire")
        return view(request, _answering(visitor), *args, **kwargs)

    wrapper.policy = None
    return wrapper


def _answering(visitor: LinkVisitor) -> answering.Answering:
    assessment = select.get_assessment(user=None, assessment_id=visitor.assessment_id,
                                       only_assessment_id=visitor.assessment_id)
    return answering.Answering(
        actor=visitor, assessment=assessment, guest=True, page_url=reverse("security:guest"),
        save_url=reverse("security:guest_save"), questions_url=reverse("security:guest_questions"),
        evidence_url=reverse("security:guest_evidence"), xlsx_url=reverse("security:guest_xlsx"),
        xlsx_upload_url=reverse("security:guest_xlsx_upload"),
        evidence_file_url=lambda pk: reverse("security:guest_evidence_file", args=[pk]),
        evidence_remove_url=lambda pk: reverse("security:guest_evidence_remove", args=[pk]),
        reply_url=reverse("security:guest_reply"),
    )


@public
def redeem(request, token: str):
    """GET shows who the link is for and asks to continue (mail scanners that prefetch links do not
    use it up); POST uses the link once and starts a session limited to its assessment."""
    try:
        if request.method != "POST":
            link = check_magic_link(token=token)
            return render(request, "security/workflow/link_confirm.html", {"link": link})
        visitor = redeem_magic_link(token=token)
    except LinkRefused as refused:
        return _refuse(request, refused.reason, status=410 if refused.code in ("used", "expired", "revoked", "closed") else 404)
    request.session.cycle_key()  # a fresh session id: nothing carried over from before the link
    request.session[SESSION_KEY] = {"assessment_id": visitor.assessment_id, "supplier_id": visitor.supplier_id,
                                    "email": visitor.email, "link_id": visitor.link_id}
    return redirect("security:guest")


def _responding(visitor: LinkVisitor) -> respond.Responding:
    return respond.Responding(
        actor=visitor, finding_url=lambda pk: reverse("security:guest_finding", args=[pk]),
        plan_url=lambda pk: reverse("security:guest_finding_plan", args=[pk]),
        evidence_url=lambda pk: reverse("security:guest_finding_evidence", args=[pk]),
        evidence_file_url=lambda pk: reverse("security:guest_evidence_file", args=[pk]),
        back_url=reverse("security:guest"),
    )


def _finding(visitor: LinkVisitor, finding_id: int):
    return select.get_finding(user=None, finding_id=finding_id, only_supplier_id=visitor.supplier_id)


@guest_findings_view
def assessment_page(request, visitor, responding):
    """The link's assessment with the supplier's open findings, or only the findings."""
    findings = select.findings(user=None, only_supplier_id=visitor.supplier_id, open_only=True)
    findings = respond.with_urls(responding, findings.order_by("due_date", "pk")[:200])
    if visitor.assessment_id is None:
        return render(request, "security/workflow/guest_findings.html", {
            "supplier": select.link_supplier(supplier_id=visitor.supplier_id), "findings": findings})
    return answering.render_page(request, _answering(visitor), findings=findings)


@require_POST
@guest_view
def assessment_save(request, ctx):
    return answering.save(request, ctx)


@require_POST
@guest_view
def assessment_questions(request, ctx):
    return answering.questions_partial(request, ctx)


@require_POST
@guest_view
def evidence_upload(request, ctx):
    return answering.upload_evidence(request, ctx)


@require_POST
@guest_view
def evidence_remove(request, ctx, evidence_id: int):
    """Only the files of the link's assessment (not those kept with findings) can be removed."""
    evidence = select.get_evidence(user=None, evidence_id=evidence_id, only_assessment_id=ctx.assessment.pk)
    return answering.delete_evidence(request, ctx, evidence)


@require_POST
@guest_view
def reply(request, ctx):
    return answering.post_reply(request, ctx)


@guest_findings_view
def evidence_download(request, visitor, responding, evidence_id: int):
    return answering.serve_evidence(select.get_evidence(user=None, evidence_id=evidence_id,
                                                        only_assessment_id=visitor.assessment_id,
                                                        only_supplier_id=visitor.supplier_id))


@guest_view
def offline_download(request, ctx):
    return answering.offline_download(ctx)


@require_POST
@guest_view
def offline_upload(request, ctx):
    return answering.offline_upload(request, ctx)


@guest_findings_view
def finding_page(request, visitor, responding, finding_id: int):
    return respond.render_finding(request, responding, _finding(visitor, finding_id))


@require_POST
@guest_findings_view
def finding_plan(request, visitor, responding, finding_id: int):
    return respond.save_plan(request, responding, _finding(visitor, finding_id))


@require_POST
@guest_findings_view
def finding_evidence(request, visitor, responding, finding_id: int):
    return respond.upload_evidence(request, responding, _finding(visitor, finding_id))
