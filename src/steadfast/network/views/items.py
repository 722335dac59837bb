"""Site, item, item-source and BOM pages."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity.selectors.runs import rei_columns, with_rei
from steadfast.continuity.views import map_lists
from steadfast.core.decorators import policy_required
from steadfast.core.tables import Column
from steadfast.network import forms, selectors, services
from steadfast.network.views.common import can_change, delete_then_redirect, form_page

VIEW, CHANGE = ("network", "view"), ("network", "change")


@policy_required(*VIEW)
def site_list(request):
    form = map_lists.filter_form(forms.SiteFilterForm, request)
    return map_lists.map_list_page(
        request, title="Sites", filter_form=form, default_order="ref", create_url=reverse("network:site_create"),
        can_create=can_change(request), export_name="sites",
        rows=lambda f: map_lists.narrowed(with_rei(selectors.sites(
            user=request.user, search=f.value("q") or "", country=f.value("country") or "", kind=f.value("kind") or "",
            tier=f.value("tier")), user=request.user, of="site"), f),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("name", "Name", "name"),
                 Column("get_kind_display", "Kind", "kind"), Column("country", "Country", "country"),
                 Column("city", "City", "city"), Column("owner_label", "Owner"),
                 Column("ttr_days", "Site time to recover (days)", "ttr_days", numeric=True),
                 *rei_columns(request.user)])


@policy_required(*VIEW)
def site_detail(request, site_id: int):
    site = selectors.site(user=request.user, site_id=site_id)
    sources = selectors.item_sources(user=request.user, site_id=site.pk).order_by("item__ref")[:200]
    return render(request, "network/site_detail.html", {"site": site, "sources": sources, "can_change": can_change(request)})


@policy_required(*CHANGE)
def site_create(request):
    initial = {"owner_supplier": request.GET.get("supplier", "")}
    return form_page(request, form_class=forms.SiteForm, title="New site", cancel_url=reverse("network:sites"),
                     initial=initial, success="Created {obj}.",
                     save=lambda data: services.create_site(actor=request.user, **data))


@policy_required(*CHANGE)
def site_edit(request, site_id: int):
    site = selectors.site(user=request.user, site_id=site_id)
    return form_page(request, form_class=forms.SiteForm, title=f"Edit {site}", cancel_url=site.get_absolute_url(),
                     initial=forms.SiteForm.initial_for(site), success="Saved {obj}.",
                     save=lambda data: services.update_site(actor=request.user, site=site, **data))


@require_POST
@policy_required(*CHANGE)
def site_delete(request, site_id: int):
    site = selectors.site(user=request.user, site_id=site_id)
    return delete_then_redirect(request, delete=lambda: services.delete_site(actor=request.user, site=site),
                                label=str(site), done_url=reverse("network:sites"), back_url=site.get_absolute_url())


@policy_required(*VIEW)
def item_list(request):
    form = map_lists.filter_form(forms.ItemFilterForm, request)
    return map_lists.map_list_page(
        request, title="Items", filter_form=form, default_order="ref", create_url=reverse("network:item_create"),
        can_create=can_change(request), export_name="items",
        rows=lambda f: map_lists.narrowed(with_rei(selectors.items(
            user=request.user, search=f.value("q") or "", kind=f.value("kind") or ""), user=request.user, of="item"), f),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("name", "Name", "name"),
                 Column("get_kind_display", "Kind", "kind"), Column("unit", "Unit"),
                 *([Column("unit_cost", "Unit cost", "unit_cost", numeric=True),
                    Column("demand_per_day", "Demand / day", "demand_per_day", numeric=True)]
                   if selectors.shows_commercials(request.user) else []), *rei_columns(request.user)])


@policy_required(*VIEW)
def item_detail(request, item_id: int):
    item = selectors.item(user=request.user, item_id=item_id)
    return render(request, "network/item_detail.html", {
        "item": item, "can_change": can_change(request), "show_commercials": selectors.shows_commercials(request.user),
        "sources": selectors.item_sources(user=request.user, item_id=item.pk).order_by("ref"),
        "children": selectors.bom_lines(user=request.user, parent_id=item.pk).order_by("child__ref"),
        "parents": selectors.bom_lines(user=request.user, child_id=item.pk).order_by("parent__ref"),
        "deployments": selectors.deployments(user=request.user, product_id=item.pk).order_by("network__ref")[:100],
    })


@policy_required(*CHANGE)
def item_create(request):
    return form_page(request, form_class=forms.ItemForm, title="New item", cancel_url=reverse("network:items"),
                     success="Created {obj}.", save=lambda data: services.create_item(actor=request.user, **data))


@policy_required(*CHANGE)
def item_edit(request, item_id: int):
    item = selectors.item(user=request.user, item_id=item_id)
    return form_page(request, form_class=forms.ItemForm, title=f"Edit {item}", cancel_url=item.get_absolute_url(),
                     initial=forms.ItemForm.initial_for(item), success="Saved {obj}.",
                     save=lambda data: services.update_item(actor=request.user, item=item, **data))


@require_POST
@policy_required(*CHANGE)
def item_delete(request, item_id: int):
    item = selectors.item(user=request.user, item_id=item_id)
    return delete_then_redirect(request, delete=lambda: services.delete_item(actor=request.user, item=item),
                                label=str(item), done_url=reverse("network:items"), back_url=item.get_absolute_url())


@policy_required(*CHANGE)
def source_create(request, item_id: int):
    item = selectors.item(user=request.user, item_id=item_id)
    return form_page(request, form_class=forms.SourceForm, title=f"New source of {item}", cancel_url=item.get_absolute_url(),
                     initial={"item": item.ref}, success="Added source {obj}.",
                     save=lambda data: services.create_item_source(actor=request.user, **data),
                     next_url=lambda source: source.item.get_absolute_url())


@policy_required(*CHANGE)
def source_edit(request, source_id: int):
    source = selectors.item_source(user=request.user, source_id=source_id)
    back = source.item.get_absolute_url()
    return form_page(request, form_class=forms.SourceForm, title=f"Edit source {source}", cancel_url=back,
                     initial=forms.SourceForm.initial_for(source), success="Saved source {obj}.",
                     save=lambda data: services.update_item_source(actor=request.user, source=source, **data),
                     next_url=lambda saved: saved.item.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def source_delete(request, source_id: int):
    source = selectors.item_source(user=request.user, source_id=source_id)
    back = source.item.get_absolute_url()
    return delete_then_redirect(request, delete=lambda: services.delete_item_source(actor=request.user, source=source),
                                label=f"source {source}", done_url=back, back_url=back)


@policy_required(*CHANGE)
def bom_create(request, item_id: int):
    item = selectors.item(user=request.user, item_id=item_id)
    return form_page(request, form_class=forms.BomForm, title=f"New BOM line under {item}", cancel_url=item.get_absolute_url(),
                     initial={"parent": item.ref, "quantity": 1}, success="Added BOM line.",
                     save=lambda data: services.create_bom_line(actor=request.user, **data),
                     next_url=lambda line: line.parent.get_absolute_url())


@policy_required(*CHANGE)
def bom_edit(request, bom_id: int):
    line = selectors.bom_line(user=request.user, bom_id=bom_id)
    return form_page(request, form_class=forms.BomForm, title="Edit BOM line", cancel_url=line.parent.get_absolute_url(),
                     initial=forms.BomForm.initial_for(line), success="Saved BOM line.",
                     save=lambda data: services.update_bom_line(actor=request.user, line=line, **data),
                     next_url=lambda saved: saved.parent.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def bom_delete(request, bom_id: int):
    line = selectors.bom_line(user=request.user, bom_id=bom_id)
    back = line.parent.get_absolute_url()
    return delete_then_redirect(request, delete=lambda: services.delete_bom_line(actor=request.user, line=line),
                                label="the BOM line", done_url=back, back_url=back)
