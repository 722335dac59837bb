"""Reads of the business map, every one scoped to the user (out of scope answers 404).

Lists return querysets (callers order and paginate); getters return one object or raise Http404.
"""

from steadfast.network.selectors.common import visible_items
from steadfast.network.selectors.customers import (
    customer,
    customer_network,
    customer_networks,
    customers,
    deployment,
    deployments,
)
from steadfast.network.selectors.geo import map_sites, networks_by_country
from steadfast.network.selectors.graph import bom_edges_above, bom_edges_below, reachable_items_sql
from steadfast.network.selectors.items import (
    bom_line,
    bom_lines,
    item,
    item_source,
    item_sources,
    items,
    shows_commercials,
)
from steadfast.network.selectors.suppliers import (
    contract,
    contracts,
    site,
    sites,
    supplier,
    supplier_contact,
    supplier_contacts,
    suppliers,
)
from steadfast.network.selectors.trace import item_trace, network_trace, supplier_trace

__all__ = [
    "customer", "customer_network", "customer_networks", "customers", "deployment", "deployments",
    "bom_edges_above", "bom_edges_below", "reachable_items_sql", "visible_items",
    "bom_line", "bom_lines", "item", "item_source", "item_sources", "items", "shows_commercials",
    "contract", "contracts", "site", "sites", "supplier", "supplier_contact", "supplier_contacts", "suppliers",
    "item_trace", "network_trace", "supplier_trace", "map_sites", "networks_by_country",
]
