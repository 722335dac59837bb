"""The gated stakeholder portal: the document catalogue, a document (request access, the NDA,
download; for its owner the requests to decide and the access log), uploads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.transparency import portal_forms as forms
from steadfast.transparency.models import DocumentKind, NdaVersion
from steadfast.transparency.selectors import portal as selectors
from steadfast.transparency.services import portal as services

VIEW, CHANGE = ("transparency.portal", "view"), ("transparency.portal", "change")
OWN = ("transparency.documents", "change")


def _address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _errors(request, exc: ValidationError) -> None:
    for errors in getattr(exc, "message_dict", {"": exc.messages}).values():
        messages.error(request, " ".join(errors))


@policy_required(*VIEW)
def portal(request):
    kind = request.GET.get("kind", "")
    rows = selectors.documents(user=request.user, kind=kind if kind in DocumentKind.values else "",
                               search=request.GET.get("q", "").strip())
    table = Table(request, rows, [
        Column("title", "Document", "title", link="get_absolute_url"), Column("get_kind_display", "Type", "kind"),
        Column("issued_on", "Issued", "issued_on"), Column("size", "Bytes", "size", numeric=True)],
        default_order="title")
    return render(request, "transparency/portal/portal.html", {
        "table": table, "kinds": DocumentKind.choices, "kind": kind, "q": request.GET.get("q", ""),
        "my_requests": selectors.requests(user=request.user).filter(requester=request.user)[:50],
        "pending": selectors.requests(user=request.user, status="nda_accepted")[:50] if selectors.is_custodian(request.user) else [],
        "can_upload": can(request.user, *OWN)})


@policy_required(*VIEW)
def document_detail(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    custodian = selectors.is_custodian(request.user)
    mine = selectors.latest_request(user=request.user, document=document)
    if not custodian:  # a stakeholder's look at a gated document is logged like a download
        services.log_access(user=request.user, document=document, action="view", access=mine, address=_address(request))
    return render(request, "transparency/portal/document_detail.html", {
        "document": document, "mine": mine, "custodian": custodian,
        "can_request": can(request.user, *CHANGE) and not custodian and (mine is None or not (mine.status in (
            "requested", "nda_accepted") or mine.active)),
        "can_decide": can(request.user, *OWN) and (request.user.pk == document.owner_id or request.user.role == "administrator"),
        "requests": selectors.requests(user=request.user, document=document) if custodian else [],
        "log": selectors.access_log(user=request.user, document=document)[:200],
        "request_form": forms.RequestForm(), "decision_form": forms.DecisionForm()})


@require_POST
@policy_required(*CHANGE)
def access_request(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    form = forms.RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why you need the document.")
        return redirect(document.get_absolute_url())
    try:
        access = services.request_access(actor=request.user, document=document, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(document.get_absolute_url())
    return redirect("transparency:nda", request_id=access.pk)


@policy_required(*CHANGE)
def nda(request, request_id: int):
    access = selectors.access_request(user=request.user, request_id=request_id)
    if access.requester_id != request.user.pk:
        raise PermissionDenied
    current = services.current_nda()
    form = forms.NdaForm(request.POST or None, initial={"nda_id": current.pk if current else None,
                                                       "nda_sha256": current.sha256 if current else ""})
    if request.method == "POST" and form.is_valid():
        shown = NdaVersion.objects.filter(pk=form.cleaned_data["nda_id"]).first()
        try:
            if shown is None:
                raise ValidationError({"nda": "That NDA version does not exist."})
            services.accept_nda(actor=request.user, access=access, nda=shown, nda_sha256=form.cleaned_data["nda_sha256"])
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("transparency:nda", request_id=access.pk)
        messages.success(request, "NDA accepted. The document's owner decides on your request.")
        return redirect(access.document.get_absolute_url())
    return render(request, "transparency/portal/nda.html", {"access": access, "nda": current, "form": form},
                  status=422 if request.method == "POST" else 200)


@require_POST
@policy_required(*OWN)
def decide(request, request_id: int):
    access = selectors.access_request(user=request.user, request_id=request_id)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return redirect(access.document.get_absolute_url())
    try:
        services.decide(actor=request.user, access=access, approve=form.cleaned_data["decision"] == "approve",
                        note=form.cleaned_data["note"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{access.requester}: {access.state_label.lower()}.")
    return redirect(access.document.get_absolute_url())


@policy_required(*VIEW)
def download(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    try:
        delivery = services.deliver(user=request.user, document=document, address=_address(request))
    except services.AccessRefused as exc:
        messages.error(request, str(exc))
        return redirect(document.get_absolute_url())
    response = HttpResponse(delivery.content, content_type=delivery.content_type)
    response["Content-Disposition"] = f'attachment; filename="{delivery.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@policy_required(*OWN)
def upload(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    sbom_form = forms.GenerateSbomForm(request.POST or None, prefix="sbom")
    if request.method == "POST":
        try:
            if "sbom-product" in request.POST:
                if sbom_form.is_valid():
                    document = services.publish_product_sbom(actor=request.user, **sbom_form.cleaned_data)
                    messages.success(request, f"Published {document} (SHA-256 {document.sha256[:16]}…).")
                    return redirect(document.get_absolute_url())
            elif form.is_valid():
                upload = form.cleaned_data["file"]
                document = services.upload_document(
                    actor=request.user, title=form.cleaned_data["title"], kind=form.cleaned_data["kind"],
                    data=upload.read(), filename=upload.name, summary=form.cleaned_data["summary"],
                    issued_on=form.cleaned_data["issued_on"], access_days=form.cleaned_data["access_days"])
                messages.success(request, f"Uploaded {document} (SHA-256 {document.sha256[:16]}…).")
                return redirect(document.get_absolute_url())
        except ValidationError as exc:
            (sbom_form if "sbom-product" in request.POST else form).add_service_errors(exc)
    return render(request, "transparency/portal/upload.html", {"form": form, "sbom_form": sbom_form},
                  status=422 if request.method == "POST" else 200)
