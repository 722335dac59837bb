"""The supplier portal for magic-link visitors: no account; the session reaches one assessment and
the findings of that assessment's supplier (to answer them with remediation plans).

These routes are public (the visitor has no account) and check the link session themselves: without
one they answer a refusal page, and nothing outside that assessment and its supplier's findings can
be named by id (404).
"""

from __future__ import annotations

from functools import wraps

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
        return LinkVisitor(email=str(data["email"]), assessment_id=int(data["assessment_id"]), link_id=int(data["link_id"]))
    except (KeyError, TypeError, ValueError):
        return None


def guest_view(view):
    """Public, but needs a redeemed link in the session; hands the view its Answering context."""

    @public
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        visitor = visitor_of(request)
        if visitor is None:
            return _refuse(request, "Your questionnaire session has ended or never started. "
                                    "Open the link from your invitation email again, or ask for a new one.")
        assessment = select.get_assessment(user=None, assessment_id=visitor.assessment_id,
                                           only_assessment_id=visitor.assessment_id)
        ctx = answering.Answering(
            actor=visitor, assessment=assessment, guest=True, page_url=reverse("security:guest"),
            save_url=reverse("security:guest-save"), questions_url=reverse("security:guest-questions"),
            evidence_url=reverse("security:guest-evidence"), xlsx_url=reverse("security:guest-xlsx"),
            xlsx_upload_url=reverse("security:guest-xlsx-upload"),
            evidence_file_url=lambda pk: reverse("security:guest-evidence-file", args=[pk]),
        )
        return view(request, ctx, *args, **kwargs)

    wrapper.policy = None
    return wrapper


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
    request.session[SESSION_KEY] = {"assessment_id": visitor.assessment_id, "email": visitor.email,
                                    "link_id": visitor.link_id}
    return redirect("security:guest")


def _responding(ctx) -> respond.Responding:
    return respond.Responding(
        actor=ctx.actor, finding_url=lambda pk: reverse("security:guest-finding", args=[pk]),
        plan_url=lambda pk: reverse("security:guest-finding-plan", args=[pk]),
        evidence_url=lambda pk: reverse("security:guest-finding-evidence", args=[pk]),
        evidence_file_url=lambda pk: reverse("security:guest-evidence-file", args=[pk]),
        back_url=reverse("security:guest"),
    )


def _finding(ctx, finding_id: int):
    return select.get_finding(user=None, finding_id=finding_id, only_supplier_id=ctx.assessment.supplier_id)


@guest_view
def assessment_page(request, ctx):
    findings = select.findings(user=None, only_supplier_id=ctx.assessment.supplier_id, open_only=True)
    return answering.render_page(request, ctx, findings=respond.with_urls(
        _responding(ctx), findings.order_by("due_date", "pk")[:200]))


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


@guest_view
def evidence_download(request, ctx, evidence_id: int):
    return answering.serve_evidence(select.get_evidence(user=None, evidence_id=evidence_id,
                                                        only_assessment_id=ctx.assessment.pk,
                                                        only_supplier_id=ctx.assessment.supplier_id))


@guest_view
def offline_download(request, ctx):
    return answering.offline_download(ctx)


@require_POST
@guest_view
def offline_upload(request, ctx):
    return answering.offline_upload(request, ctx)


@guest_view
def finding_page(request, ctx, finding_id: int):
    return respond.render_finding(request, _responding(ctx), _finding(ctx, finding_id))


@require_POST
@guest_view
def finding_plan(request, ctx, finding_id: int):
    return respond.save_plan(request, _responding(ctx), _finding(ctx, finding_id))


@require_POST
@guest_view
def finding_evidence(request, ctx, finding_id: int):
    return respond.upload_evidence(request, _responding(ctx), _finding(ctx, finding_id))
