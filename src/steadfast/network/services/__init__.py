"""Writes to the business map. Each function is one transaction with one audit event.

Foreign keys may be given as an instance, a ref (str) or a primary key (int).
"""

from steadfast.network.services.bom import (
    create_bom_line,
    cycle_message,
    delete_bom_line,
    find_cycle,
    update_bom_line,
)
from steadfast.network.services.customers import (
    create_customer,
    create_customer_network,
    create_deployment,
    delete_customer,
    delete_customer_network,
    delete_deployment,
    update_customer,
    update_customer_network,
    update_deployment,
)
from steadfast.network.services.items import (
    create_item,
    create_item_source,
    default_source_ref,
    delete_item,
    delete_item_source,
    update_item,
    update_item_source,
)
from steadfast.network.services.sites import create_site, delete_site, update_site
from steadfast.network.services.suppliers import (
    create_contract,
    create_supplier,
    create_supplier_contact,
    delete_contract,
    delete_supplier,
    delete_supplier_contact,
    update_contract,
    update_supplier,
    update_supplier_contact,
)

__all__ = [
    "create_bom_line", "update_bom_line", "delete_bom_line", "find_cycle", "cycle_message",
    "create_customer", "update_customer", "delete_customer",
    "create_customer_network", "update_customer_network", "delete_customer_network",
    "create_deployment", "update_deployment", "delete_deployment",
    "create_item", "update_item", "delete_item",
    "create_item_source", "update_item_source", "delete_item_source", "default_source_ref",
    "create_site", "update_site", "delete_site",
    "create_supplier", "update_supplier", "delete_supplier",
    "create_supplier_contact", "update_supplier_contact", "delete_supplier_contact",
    "create_contract", "update_contract", "delete_contract",
]
