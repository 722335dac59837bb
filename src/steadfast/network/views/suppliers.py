"""Supplier, contact and contract pages."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity.selectors.runs import rei_columns, with_rei
from steadfast.continuity.views import map_lists
from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.tables import Column
from steadfast.network import forms, selectors, services
from steadfast.network.services import contract_notices
from steadfast.network.views.common import can_change, delete_then_redirect, form_page, list_page
from steadfast.network.views.traces import trace_pages

VIEW, CHANGE = ("network", "view"), ("network", "change")


@policy_required(*VIEW)
def supplier_list(request):
    form = map_lists.filter_form(forms.SupplierFilterForm, request)
    return map_lists.map_list_page(
        request, title="Suppliers", filter_form=form, default_order="ref", create_url=reverse("network:supplier_create"),
        can_create=can_change(request), export_name="suppliers",
        rows=lambda f: map_lists.narrowed(with_rei(selectors.suppliers(
            user=request.user, search=f.value("q") or "", country=f.value("country") or "", tier=f.value("tier"),
            category=f.value("category") or "", status=f.value("status") or ""), user=request.user, of="supplier"), f),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("legal_name", "Legal name", "legal_name"),
                 Column("country", "Country", "country"), Column("tier", "Supply tier", "tier", numeric=True),
                 Column("parent.ref", "Supplies through"), Column("get_category_display", "Category", "category"),
                 Column("get_status_display", "Status", "status"), *rei_columns(request.user)])


@policy_required(*VIEW)
def supplier_detail(request, supplier_id: int):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    trace = selectors.supplier_trace(user=request.user, supplier_id=supplier.pk)
    return render(request, "network/supplier_detail.html", {
        "supplier": supplier, "trace": trace, "pages": trace_pages("supplier", supplier.pk, trace),
        "can_change": can_change(request),
        "can_view_security": can(request.user, "security", "view"),
        "contacts": selectors.supplier_contacts(user=request.user, supplier_id=supplier.pk),
        "contracts": selectors.contracts(user=request.user, supplier_id=supplier.pk).order_by("-start_date")[:50],
        "sites": selectors.sites(user=request.user, supplier_id=supplier.pk).order_by("ref")[:50],
    })


@policy_required(*CHANGE)
def supplier_create(request):
    return form_page(request, form_class=forms.SupplierForm, title="New supplier", cancel_url=reverse("network:suppliers"),
                     save=lambda data: services.create_supplier(actor=request.user, **data), success="Created {obj}.")


@policy_required(*CHANGE)
def supplier_edit(request, supplier_id: int):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return form_page(request, form_class=forms.SupplierForm, title=f"Edit {supplier}", cancel_url=supplier.get_absolute_url(),
                     initial=forms.SupplierForm.initial_for(supplier), success="Saved {obj}.",
                     save=lambda data: services.update_supplier(actor=request.user, supplier=supplier, **data))


@require_POST
@policy_required(*CHANGE)
def supplier_delete(request, supplier_id: int):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return delete_then_redirect(request, delete=lambda: services.delete_supplier(actor=request.user, supplier=supplier),
                                label=str(supplier), done_url=reverse("network:suppliers"), back_url=supplier.get_absolute_url())


@policy_required(*CHANGE)
def contact_create(request, supplier_id: int):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return form_page(request, form_class=forms.ContactForm, title=f"New contact at {supplier}",
                     cancel_url=supplier.get_absolute_url(), success="Added {obj}.",
                     save=lambda data: services.create_supplier_contact(actor=request.user, supplier=supplier, **data),
                     next_url=lambda contact: supplier.get_absolute_url())


def _contact(request, supplier_id: int, contact_id: int):
    from django.http import Http404

    contact = selectors.supplier_contact(user=request.user, contact_id=contact_id)
    if contact.supplier_id != supplier_id:
        raise Http404
    return contact


@policy_required(*CHANGE)
def contact_edit(request, supplier_id: int, contact_id: int):
    contact = _contact(request, supplier_id, contact_id)
    back = contact.supplier.get_absolute_url()
    return form_page(request, form_class=forms.ContactForm, title=f"Edit {contact}", cancel_url=back,
                     initial=forms.ContactForm.initial_for(contact), success="Saved {obj}.",
                     save=lambda data: services.update_supplier_contact(actor=request.user, contact=contact, **data),
                     next_url=lambda _: back)


@require_POST
@policy_required(*CHANGE)
def contact_delete(request, supplier_id: int, contact_id: int):
    contact = _contact(request, supplier_id, contact_id)
    back = contact.supplier.get_absolute_url()
    return delete_then_redirect(request, delete=lambda: services.delete_supplier_contact(actor=request.user, contact=contact),
                                label=str(contact), done_url=back, back_url=back)


@policy_required(*VIEW)
def contract_list(request):
    form = forms.ContractFilterForm(request.GET or None)
    return list_page(
        request, title="Contracts", filter_form=form, default_order="ref", create_url=reverse("network:contract_create"),
        rows=lambda f: selectors.contracts(user=request.user, search=f.value("q") or "", status=f.value("status") or "",
                                           country=f.value("country") or ""),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("title", "Title", "title"),
                 Column("supplier.legal_name", "Supplier", "supplier__legal_name"),
                 Column("start_date", "Starts", "start_date"), Column("end_date", "Ends", "end_date"),
                 Column("value", "Value", "value", numeric=True), Column("currency", "Cur."),
                 Column("get_status_display", "Status", "status")])


@policy_required(*VIEW)
def contract_detail(request, contract_id: int):
    contract = selectors.contract(user=request.user, contract_id=contract_id)
    return render(request, "network/contract_detail.html", {
        "contract": contract, "can_change": can_change(request), "standing": contract_notices.standing(contract),
        "notice_deadline": contract_notices.notice_deadline(contract)})


@policy_required(*CHANGE)
def contract_create(request):
    initial = {}
    if request.GET.get("supplier"):
        initial["supplier"] = request.GET["supplier"]
    return form_page(request, form_class=forms.ContractForm, title="New contract", cancel_url=reverse("network:contracts"),
                     initial=initial, success="Created {obj}.",
                     save=lambda data: services.create_contract(actor=request.user, **data))


@policy_required(*CHANGE)
def contract_edit(request, contract_id: int):
    contract = selectors.contract(user=request.user, contract_id=contract_id)
    return form_page(request, form_class=forms.ContractForm, title=f"Edit {contract}", cancel_url=contract.get_absolute_url(),
                     initial=forms.ContractForm.initial_for(contract), success="Saved {obj}.",
                     save=lambda data: services.update_contract(actor=request.user, contract=contract, **data))


@require_POST
@policy_required(*CHANGE)
def contract_delete(request, contract_id: int):
    contract = selectors.contract(user=request.user, contract_id=contract_id)
    return delete_then_redirect(request, delete=lambda: services.delete_contract(actor=request.user, contract=contract),
                                label=str(contract), done_url=reverse("network:contracts"), back_url=contract.get_absolute_url())
