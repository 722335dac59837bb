"""DPA register pages: list, create, detail with the Art. 28 checklist, documents and lifecycle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required, public
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.network.views.common import form_page
from steadfast.privacy import exports, forms, selectors, services
from steadfast.privacy.services.bulk import suppliers_without_dpa
from steadfast.privacy.services.signing import accept_by_link, link_for
from steadfast.privacy.tasks import start_send_job
from steadfast.privacy.views.records import _download

VIEW, CHANGE = ("privacy", "view"), ("privacy", "change")


@policy_required(*VIEW)
def dpa_list(request):
    form = forms.DpaFilterForm(request.GET or None)
    rows = selectors.dpas(user=request.user, search=form.value("q") or "", status=form.value("status") or "",
                          clauses=form.value("clauses") or "", expiring_within_days=form.value("expiring"))
    table = Table(request, rows, [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("supplier.legal_name", "Supplier", "supplier__legal_name"),
        Column("get_status_display", "Status", "status"), Column("signed_on", "Signed", "signed_on"),
        Column("expires_on", "Expires", "expires_on"),
        Column("clauses_present", "Art. 28 clauses present (of 11)", "clauses_present", numeric=True)],
        default_order="ref")
    return render(request, "privacy/dpa_list.html", {
        "form": form, "table": table, "can_change": can(request.user, *CHANGE)})


@policy_required(*CHANGE)
def dpa_create(request):
    return form_page(request, form_class=forms.DpaForm, title="New data processing agreement",
                     cancel_url=reverse("privacy:dpas"), success="Created {obj}.",
                     save=lambda data: services.create_dpa(actor=request.user, **data))


@policy_required(*CHANGE)
def dpa_edit(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    return form_page(request, form_class=forms.DpaEditForm, title=f"Edit {dpa}", cancel_url=dpa.get_absolute_url(),
                     initial={**forms.DpaEditForm.initial_for(dpa), **forms.DpaEditForm.link_initial(dpa)}, success="Saved {obj}.",
                     save=lambda data: services.update_dpa(actor=request.user, dpa=dpa, **data))


@policy_required(*VIEW)
def dpa_detail(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    checklist = selectors.checklist(user=request.user, document_id=dpa.current_document_id) if dpa.current_document_id else []
    findings = [row["finding"] for row in checklist if row["finding"]]
    return render(request, "privacy/dpa_detail.html", {
        "dpa": dpa, "checklist": checklist,
        "pieces": selectors.highlighted(dpa.current_document, findings) if dpa.current_document_id else [],
        "documents": selectors.documents(user=request.user, dpa_id=dpa.pk),
        "acceptances": selectors.acceptances(user=request.user, dpa_id=dpa.pk),
        "subprocessors": selectors.subprocessors(user=request.user, dpa_id=dpa.pk),
        "contracts": dpa.contracts.all(), "activities": dpa.activities.all(),
        "can_change": can(request.user, *CHANGE),
        "can_accept": dpa.status == "sent" and can(request.user, "privacy.portal", "change"),
        "can_announce": dpa.status in ("signed", "active", "expiring") and can(request.user, "privacy.portal", "change"),
        "announce_form": forms.AnnounceForm(), "link_form": forms.SigningLinkForm(),
        "upload_form": forms.DocumentForm(), "signature_form": forms.SignatureForm(),
        "terminate_form": forms.TerminateForm(), "finding_form": forms.FindingForm(),
    })


def _post_action(request, dpa, action, form_class=None):
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect(dpa.get_absolute_url())
    try:
        message = action(form.cleaned_data if form else None)
    except ValidationError as error:
        for field, errors in getattr(error, "message_dict", {"": error.messages}).items():
            messages.error(request, f"{field + ': ' if field and field != '__all__' else ''}{' '.join(errors)}")
    else:
        messages.success(request, message)
    return redirect(dpa.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def document_upload(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)

    def upload(data):
        file = data["file"]
        document = services.add_document(actor=request.user, dpa=dpa, data=file.read(), name=file.name,
                                         purpose=data["purpose"])
        return f"Stored {document.original_name} as version {document.version} (SHA-256 {document.sha256[:12]}…)."
    return _post_action(request, dpa, upload, forms.DocumentForm)


@policy_required(*VIEW)
def document_download(request, dpa_id: int, version: int):
    document = selectors.dpa_document(user=request.user, dpa_id=dpa_id, version=version)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@require_POST
@policy_required(*CHANGE)
def dpa_send(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    return _post_action(request, dpa, lambda _: (services.send_dpa(actor=request.user, dpa=dpa), f"Sent {dpa}.")[1])


@require_POST
@policy_required(*CHANGE)
def dpa_sign(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)

    def sign(data):
        services.record_signature(actor=request.user, dpa=dpa, signed_on=data["signed_on"],
                                  effective_on=data["effective_on"], expires_on=data["expires_on"])
        return f"Recorded the signature of {dpa}."
    return _post_action(request, dpa, sign, forms.SignatureForm)


@require_POST
@policy_required(*CHANGE)
def dpa_terminate(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)

    def terminate(data):
        services.terminate_dpa(actor=request.user, dpa=dpa, terminated_on=data["terminated_on"], reason=data["reason"])
        return f"Terminated {dpa}."
    return _post_action(request, dpa, terminate, forms.TerminateForm)


@require_POST
@policy_required(*CHANGE)
def finding_confirm(request, finding_id: int):
    finding = selectors.finding(user=request.user, finding_id=finding_id)
    dpa = finding.document.dpa

    def confirm(data):
        services.confirm_finding(actor=request.user, finding=finding, status=data["status"], note=data["note"])
        return f"Recorded your decision on Art. {finding.clause}."
    return _post_action(request, dpa, confirm, forms.FindingForm)


@policy_required("privacy.portal", "change")
def dpa_accept(request, dpa_id: int):
    """The supplier reviews the exact version sent and accepts it."""
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    document = dpa.current_document
    form = forms.AcceptForm(request.POST or None, initial={
        "sha256": document.sha256 if document else "", "signatory_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.accept_dpa(actor=request.user, dpa=dpa, sha256=data["sha256"], signatory_name=data["signatory_name"],
                                signatory_title=data["signatory_title"], signatory_email=data["signatory_email"],
                                ip_address=request.META.get("REMOTE_ADDR"))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"You accepted {dpa}. Thank you.")
            return redirect(dpa.get_absolute_url())
    return render(request, "privacy/dpa_accept.html", {"dpa": dpa, "document": document, "form": form},
                  status=422 if request.method == "POST" else 200)


@policy_required(*VIEW)
def dpa_export(request, fmt: str):
    form = forms.DpaFilterForm(request.GET or None)
    rows = selectors.dpas(user=request.user, search=form.value("q") or "", status=form.value("status") or "",
                          clauses=form.value("clauses") or "", expiring_within_days=form.value("expiring")).order_by("ref")
    return _download(exports.dpa_rows(rows), exports.DPA_COLUMNS, fmt, "dpa-register", "DPA register")


@policy_required(*CHANGE)
def bulk_send(request):
    """Send a template to every supplier without a live or pending DPA (a background job)."""

    form = forms.BulkSendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = start_send_job(actor=request.user, template_id=data["template"].pk, category=data["category"],
                             country=data["country"])
        messages.success(request, f"Sending started: {job.label}.")
        return redirect("privacy:job", job_id=job.pk)
    return render(request, "privacy/bulk_send.html", {
        "form": form, "without_dpa": suppliers_without_dpa().count()}, status=422 if request.method == "POST" else 200)


@require_POST
@policy_required("privacy.portal", "change")
def subprocessor_announce(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)

    def announce(data):
        sub = services.announce_subprocessor(actor=request.user, dpa=dpa, supplier=data["supplier"] or None,
                                             name=data["name"], service=data["service"],
                                             countries=[c for c in data["countries"].replace(";", ",").split(",")])
        return f"Announced {sub}; objections are possible until {sub.objection_deadline}."
    return _post_action(request, dpa, announce, forms.AnnounceForm)


@require_POST
@policy_required(*CHANGE)
def subprocessor_decide(request, subprocessor_id: int, decision: str):
    subprocessor = selectors.subprocessor(user=request.user, subprocessor_id=subprocessor_id)
    if decision not in ("accept", "object"):
        raise Http404

    def decide(_):
        services.decide_subprocessor(actor=request.user, subprocessor=subprocessor, accept=decision == "accept")
        return f"{'Accepted' if decision == 'accept' else 'Objected to'} {subprocessor}."
    return _post_action(request, subprocessor.dpa, decide)


@require_POST
@policy_required(*CHANGE)
def signing_link_create(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)

    def issue(data):
        link, _ = services.issue_signing_link(actor=request.user, dpa=dpa, email=data["email"])
        return f"Sent a single-use signing link to {link.email}, valid until {link.expires_at:%Y-%m-%d}."
    return _post_action(request, dpa, issue, forms.SigningLinkForm)


@public
def sign_by_link(request, signing_token: str):
    """A signatory without an account: the link alone opens this one agreement, once."""

    link = link_for(signing_token)
    if link is None:
        return render(request, "privacy/sign_link_invalid.html", status=404)
    document = link.dpa.current_document
    form = forms.AcceptForm(request.POST or None, initial={"sha256": document.sha256 if document else "",
                                                           "signatory_email": link.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accept_by_link(secret=signing_token, sha256=data["sha256"], signatory_name=data["signatory_name"],
                           signatory_title=data["signatory_title"], signatory_email=data["signatory_email"],
                           ip_address=request.META.get("REMOTE_ADDR"))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return render(request, "privacy/sign_link_done.html", {"dpa": link.dpa, "document": document})
    return render(request, "privacy/dpa_accept.html", {"dpa": link.dpa, "document": document, "form": form,
                                                       "guest": True}, status=422 if request.method == "POST" else 200)
