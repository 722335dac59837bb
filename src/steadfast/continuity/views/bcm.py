"""The BCM organisation pages (owners; policy, scope and objectives) and the BIA per service kind."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity import forms
from steadfast.continuity.selectors import bcm as selectors
from steadfast.continuity.selectors import bia as bia_selectors
from steadfast.continuity.selectors.runs import latest_run
from steadfast.continuity.services import bcm as services
from steadfast.continuity.services import bia as bia_services
from steadfast.continuity.views.common import CHANGE, VIEW, can_change
from steadfast.continuity.views.records import _form_page
from steadfast.core.decorators import policy_required
from steadfast.core.tables import Column, Table


@policy_required(*VIEW)
def organisation(request):
    """Owners and the policy, scope and objectives on one page: the BCM system at a glance."""
    today = dt.date.today()
    documents = list(selectors.documents(user=request.user, search=request.GET.get("q", "")))
    for doc in documents:
        doc.overdue = doc.review_overdue(today)
    return render(request, "continuity/bcm.html", {
        "owners": selectors.owners(user=request.user), "documents": documents,
        "overdue": sum(d.overdue for d in documents), "can_change": can_change(request)})


@policy_required(*CHANGE)
def owner_create(request):
    return _form_page(request, form_class=forms.OwnerForm, title="New continuity owner",
                      cancel_url=reverse("continuity:bcm"), success="Assigned {obj}.",
                      initial={"scope": request.GET.get("scope", "product")},
                      save=lambda data: services.assign_owner(actor=request.user, **data),
                      next_url=lambda _: reverse("continuity:bcm"))


@policy_required(*CHANGE)
def owner_edit(request, owner_id: int):
    owner = selectors.owner(user=request.user, owner_id=owner_id)
    return _form_page(request, form_class=forms.OwnerForm, title=f"Continuity owner of {owner.target_label}",
                      cancel_url=reverse("continuity:bcm"), success="Saved {obj}.",
                      initial=forms.OwnerForm.initial_for(owner),
                      save=lambda data: services.update_owner(actor=request.user, owner=owner, **data),
                      next_url=lambda _: reverse("continuity:bcm"))


@require_POST
@policy_required(*CHANGE)
def owner_delete(request, owner_id: int):
    owner = selectors.owner(user=request.user, owner_id=owner_id)
    label = str(owner)
    services.remove_owner(actor=request.user, owner=owner)
    messages.success(request, f"Removed {label}.")
    return redirect("continuity:bcm")


@policy_required(*VIEW)
def document_detail(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    return render(request, "continuity/bcm_document.html", {
        "document": document, "overdue": document.review_overdue(dt.date.today()), "can_change": can_change(request)})


@policy_required(*CHANGE)
def document_create(request):
    return _form_page(request, form_class=forms.DocumentForm, title="New BCM policy, scope or objective",
                      cancel_url=reverse("continuity:bcm"), success="Created {obj} (a draft until approved).",
                      initial={"kind": request.GET.get("kind", "objective"), "review_months": 12},
                      save=lambda data: services.create_document(actor=request.user, **data),
                      next_url=lambda doc: doc.page_url())


@policy_required(*CHANGE)
def document_edit(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    return _form_page(request, form_class=forms.DocumentForm, title=f"Edit {document.ref}",
                      cancel_url=document.page_url(), success="Saved {obj}.",
                      initial=forms.DocumentForm.initial_for(document),
                      save=lambda data: services.update_document(actor=request.user, document=document, **data),
                      next_url=lambda doc: doc.page_url())


def _document_action(request, document_id: int, action, done: str):
    document = selectors.document(user=request.user, document_id=document_id)
    try:
        action(document)
    except ValidationError as exc:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
    else:
        messages.success(request, done.format(obj=document))
    return redirect(document.page_url())


@require_POST
@policy_required(*CHANGE)
def document_approve(request, document_id: int):
    return _document_action(request, document_id, lambda d: services.approve_document(actor=request.user, document=d),
                            "Approved {obj.ref} version {obj.version}.")


@require_POST
@policy_required(*CHANGE)
def document_review(request, document_id: int):
    return _document_action(request, document_id, lambda d: services.review_document(actor=request.user, document=d),
                            "Recorded the review of {obj.ref}.")


# --- BIA per service kind -----------------------------------------------------------------------

@policy_required(*VIEW)
def service_bia_list(request):
    rows = bia_selectors.service_analyses(user=request.user)
    table = Table(request, rows, [Column("get_service_kind_display", "Service kind", "service_kind", link="page_url"),
                                  Column("get_priority_display", "Priority", "priority"),
                                  Column("mtpd_days", "MTPD (days)", "mtpd_days", numeric=True),
                                  Column("rto_days", "RTO (days)", "rto_days", numeric=True),
                                  Column("rpo_hours", "RPO (hours)", "rpo_hours", numeric=True),
                                  Column("mbco_percent", "MBCO (%)", "mbco_percent", numeric=True),
                                  Column("owner_name", "Owner", "owner_name")], default_order="priority")
    return render(request, "continuity/list.html", {
        "title": "Business impact analyses per service kind", "table": table, "q": "",
        "create_url": reverse("continuity:service_bia_create") if can_change(request) else None,
        "intro": "One per kind of service the customers run on the vendor's products (mobile RAN, core, fixed access, "
                 "transport, enterprise): what a disruption of that service may cost them."})


@policy_required(*VIEW)
def service_bia_detail(request, service_bia_id: int):
    bia = bia_selectors.service_analysis(user=request.user, bia_id=service_bia_id)
    run = latest_run(user=request.user)
    deps = bia_selectors.service_dependencies(bia=bia, run=run)
    return render(request, "continuity/service_bia_detail.html", {
        "bia": bia, "run": run, "products": bia_selectors.serving_products(bia=bia), "dependencies": deps[:300],
        "dependency_count": len(deps), "flagged": sum(d.flagged for d in deps),
        "past_mtpd": sum(d.past_mtpd for d in deps), "can_change": can_change(request)})


@policy_required(*CHANGE)
def service_bia_create(request):
    return _form_page(request, form_class=forms.ServiceBiaForm, title="New BIA of a service kind",
                      cancel_url=reverse("continuity:service_bias"), success="Saved {obj}.",
                      save=lambda data: bia_services.create_service_bia(actor=request.user, **data),
                      next_url=lambda bia: bia.page_url())


@policy_required(*CHANGE)
def service_bia_edit(request, service_bia_id: int):
    bia = bia_selectors.service_analysis(user=request.user, bia_id=service_bia_id)

    def save(data):
        data.pop("service_kind", None)
        return bia_services.update_service_bia(actor=request.user, bia=bia, **data)

    return _form_page(request, form_class=forms.ServiceBiaEditForm, title=f"Edit the {bia}",
                      cancel_url=bia.page_url(), success="Saved {obj}.", initial=forms.ServiceBiaEditForm.initial_for(bia),
                      save=save, next_url=lambda b: b.page_url())
