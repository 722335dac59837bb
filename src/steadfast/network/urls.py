from django.urls import path

from steadfast.network.views import customers, imports, items, suppliers, traces
from steadfast.network.views import map as world

app_name = "network"

urlpatterns = [
    path("suppliers/", suppliers.supplier_list, name="suppliers"),
    path("suppliers/new/", suppliers.supplier_create, name="supplier_create"),
    path("suppliers/<int:supplier_id>/", suppliers.supplier_detail, name="supplier"),
    path("suppliers/<int:supplier_id>/edit/", suppliers.supplier_edit, name="supplier_edit"),
    path("suppliers/<int:supplier_id>/delete/", suppliers.supplier_delete, name="supplier_delete"),
    path("suppliers/<int:supplier_id>/trace/", traces.supplier_trace, name="supplier_trace"),
    path("suppliers/<int:supplier_id>/contacts/new/", suppliers.contact_create, name="contact_create"),
    path("suppliers/<int:supplier_id>/contacts/<int:contact_id>/edit/", suppliers.contact_edit, name="contact_edit"),
    path("suppliers/<int:supplier_id>/contacts/<int:contact_id>/delete/", suppliers.contact_delete, name="contact_delete"),
    path("contracts/", suppliers.contract_list, name="contracts"),
    path("contracts/new/", suppliers.contract_create, name="contract_create"),
    path("contracts/<int:contract_id>/", suppliers.contract_detail, name="contract"),
    path("contracts/<int:contract_id>/edit/", suppliers.contract_edit, name="contract_edit"),
    path("contracts/<int:contract_id>/delete/", suppliers.contract_delete, name="contract_delete"),
    path("sites/", items.site_list, name="sites"),
    path("sites/new/", items.site_create, name="site_create"),
    path("sites/<int:site_id>/", items.site_detail, name="site"),
    path("sites/<int:site_id>/edit/", items.site_edit, name="site_edit"),
    path("sites/<int:site_id>/delete/", items.site_delete, name="site_delete"),
    path("items/", items.item_list, name="items"),
    path("items/new/", items.item_create, name="item_create"),
    path("items/<int:item_id>/", items.item_detail, name="item"),
    path("items/<int:item_id>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", items.item_delete, name="item_delete"),
    path("items/<int:item_id>/trace/", traces.item_trace, name="item_trace"),
    path("items/<int:item_id>/sources/new/", items.source_create, name="source_create"),
    path("items/<int:item_id>/bom/new/", items.bom_create, name="bom_create"),
    path("sources/<int:source_id>/edit/", items.source_edit, name="source_edit"),
    path("sources/<int:source_id>/delete/", items.source_delete, name="source_delete"),
    path("bom/<int:bom_id>/edit/", items.bom_edit, name="bom_edit"),
    path("bom/<int:bom_id>/delete/", items.bom_delete, name="bom_delete"),
    path("customers/", customers.customer_list, name="customers"),
    path("customers/new/", customers.customer_create, name="customer_create"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path("customers/<int:customer_id>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<int:customer_id>/delete/", customers.customer_delete, name="customer_delete"),
    path("networks/", customers.network_list, name="networks"),
    path("networks/new/", customers.network_create, name="network_create"),
    path("networks/<int:network_id>/", customers.network_detail, name="network"),
    path("networks/<int:network_id>/edit/", customers.network_edit, name="network_edit"),
    path("networks/<int:network_id>/delete/", customers.network_delete, name="network_delete"),
    path("networks/<int:network_id>/trace/", traces.network_trace, name="network_trace"),
    path("networks/<int:network_id>/deployments/new/", customers.deployment_create, name="deployment_create"),
    path("deployments/<int:deployment_id>/edit/", customers.deployment_edit, name="deployment_edit"),
    path("deployments/<int:deployment_id>/delete/", customers.deployment_delete, name="deployment_delete"),
    path("map/", world.world_map, name="map"),
    path("map/data.json", world.map_data, name="map_data"),
]

# More rows of each long trace table (an htmx partial) and the whole table as CSV: views/traces.py.
# One route per table (the table is fixed by the route, not a URL argument).
for _kind, _prefix in (("supplier", "suppliers"), ("item", "items"), ("network", "networks")):
    for _table in traces.TABLES[_kind]:
        urlpatterns += [
            path(f"{_prefix}/<int:{_kind}_id>/trace/{_table}/", traces.trace_rows, {"kind": _kind, "table": _table},
                 name=f"{_kind}_trace_rows"),
            path(f"{_prefix}/<int:{_kind}_id>/trace/{_table}.csv", traces.trace_csv, {"kind": _kind, "table": _table},
                 name=f"{_kind}_trace_csv"),
        ]

# The import/upload pages (views/imports.py) keep their routes beside their views.
urlpatterns += imports.urlpatterns
