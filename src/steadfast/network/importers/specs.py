"""What each kind of file holds: its columns, how each parses, its key, and who may export it.

One spec per kind drives import, export and the template download, so the three cannot drift.
KIND names are the API resource names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from steadfast.network import models as m
from steadfast.network.importers import cells


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    parse: cells.Parser = cells.text
    required: bool = False
    example: str = ""
    refers_to: str | None = None  # a kind name ("suppliers", ...) or "users": the cell holds its ref

    @property
    def export_path(self) -> str:
        if self.refers_to == "users":
            return f"{self.field}__username"
        if self.refers_to:
            return f"{self.field}__ref"
        return self.field


@dataclass(frozen=True)
class KindSpec:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify a row: upsert matches on them
    supplier_scope: str | None = None  # path to the supplier a row belongs to (respondents)
    customer_scope: str | None = None  # path to the customer a row belongs to (customer viewers)
    order_by: tuple[str, ...] = ("ref",)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def key_label(self) -> str:
        return " + ".join(self.key)

    @property
    def match_fields(self) -> tuple[str, ...]:
        """The model fields a stored row is found by: its ref, or its natural key."""
        return MATCH_FIELDS.get(self.name, ("ref",))


MATCH_FIELDS = {"contacts": ("supplier_id", "email"), "bom": ("parent_id", "child_id"),
                "deployments": ("network_id", "product_id")}


C = Column
REF_EXAMPLE = "letters, digits and . _ / -"

# Example refs start with EXAMPLE- (no generated or demo ref does): a template imported as it is adds
# an example record, never overwrites a real one.
SPECS: dict[str, KindSpec] = {spec.name: spec for spec in (
    KindSpec("suppliers", m.Supplier, (
        C("ref", "ref", required=True, example="EXAMPLE-SUP-1"),
        C("legal_name", "legal_name", required=True, example="Acme Components GmbH"),
        C("country", "country", cells.upper, required=True, example="DE"),
        C("category", "category", cells.choice(m.SupplierCategory), required=True, example="components"),
        C("tier", "tier", cells.whole, example="1"),
        C("parent_ref", "parent", refers_to="suppliers", example=""),
        C("status", "status", cells.choice(m.SupplierStatus), example="active"),
        C("duns", "duns", example="123456789"),
        C("lei", "lei", cells.upper, example="5299000J2N45DDNE4Y28"),
        C("vat", "vat", example="DE123456789"),
        C("website", "website", example="https://acme.example"),
        C("notes", "notes", example=""),
    ), key=("ref",), supplier_scope="id"),
    KindSpec("contacts", m.SupplierContact, (
        C("supplier_ref", "supplier", required=True, refers_to="suppliers", example="EXAMPLE-SUP-1"),
        C("email", "email", cells.lower, required=True, example="security@acme.example"),
        C("name", "name", required=True, example="Dana Weber"),
        C("role", "role", example="security"),
    ), key=("supplier_ref", "email"), supplier_scope="supplier", order_by=("supplier__ref", "email")),
    KindSpec("sites", m.Site, (
        C("ref", "ref", required=True, example="EXAMPLE-SITE-1"),
        C("name", "name", required=True, example="Acme Dresden plant"),
        C("kind", "kind", cells.choice(m.SiteKind), required=True, example="factory"),
        C("country", "country", cells.upper, required=True, example="DE"),
        C("latitude", "latitude", cells.in_range(-90, 90), required=True, example="51.0504"),
        C("longitude", "longitude", cells.in_range(-180, 180), required=True, example="13.7373"),
        C("owner_supplier_ref", "owner_supplier", refers_to="suppliers", example="EXAMPLE-SUP-1"),
        C("subdivision", "subdivision", cells.upper, example="DE-SN"),
        C("city", "city", example="Dresden"),
        C("ttr_days", "ttr_days", cells.positive, example="30"),
        C("notes", "notes", example=""),
    ), key=("ref",), supplier_scope="owner_supplier"),
    KindSpec("items", m.Item, (
        C("ref", "ref", required=True, example="EXAMPLE-ITEM-1"),
        C("name", "name", required=True, example="Optical transceiver 100G"),
        C("kind", "kind", cells.choice(m.ItemKind), required=True, example="component"),
        C("unit", "unit", example="each"),
        C("unit_cost", "unit_cost", cells.money, example="120.50"),
        C("demand_per_day", "demand_per_day", cells.non_negative, example="0"),
        C("margin_per_unit", "margin_per_unit", cells.money, example="0"),
    ), key=("ref",)),
    KindSpec("sources", m.ItemSource, (
        C("item_ref", "item", required=True, refers_to="items", example="EXAMPLE-ITEM-1"),
        C("site_ref", "site", required=True, refers_to="sites", example="EXAMPLE-SITE-1"),
        C("ref", "ref", example="EXAMPLE-ITEM-1@EXAMPLE-SITE-1"),
        C("capacity_per_day", "capacity_per_day", cells.non_negative, example="500"),
        C("inventory", "inventory", cells.non_negative, example="2000"),
        C("lead_time_days", "lead_time_days", cells.non_negative, example="14"),
        C("ttr_days", "ttr_days", cells.positive, example=""),
        C("share", "share", cells.in_range(0, 1), example="1"),
        C("status", "status", cells.choice(m.ItemSourceStatus), example="approved"),
    ), key=("ref",), supplier_scope="site__owner_supplier"),
    KindSpec("bom", m.BomLine, (
        C("parent_ref", "parent", required=True, refers_to="items", example="EXAMPLE-ITEM-2"),
        C("child_ref", "child", required=True, refers_to="items", example="EXAMPLE-ITEM-1"),
        C("quantity", "quantity", cells.positive, required=True, example="2"),
    ), key=("parent_ref", "child_ref"), order_by=("parent__ref", "child__ref")),
    KindSpec("customers", m.Customer, (
        C("ref", "ref", required=True, example="EXAMPLE-CUS-1"),
        C("name", "name", required=True, example="Nordic Telecom AB"),
        C("country", "country", cells.upper, required=True, example="SE"),
        C("segment", "segment", cells.choice(m.CustomerSegment), example="tier1_operator"),
    ), key=("ref",), customer_scope="id"),
    KindSpec("networks", m.CustomerNetwork, (
        C("ref", "ref", required=True, example="EXAMPLE-NET-1"),
        C("customer_ref", "customer", required=True, refers_to="customers", example="EXAMPLE-CUS-1"),
        C("name", "name", required=True, example="Nordic Telecom 5G RAN"),
        C("country", "country", cells.upper, required=True, example="SE"),
        C("kind", "kind", cells.choice(m.CustomerNetworkKind), required=True, example="mobile"),
        C("subscribers", "subscribers", cells.whole, example="4200000"),
        C("criticality", "criticality", cells.choice(m.CustomerNetworkCriticality), example="3"),
        C("restore_target_hours", "restore_target_hours", cells.positive, example="4"),
    ), key=("ref",), customer_scope="customer"),
    KindSpec("deployments", m.Deployment, (
        C("network_ref", "network", required=True, refers_to="networks", example="EXAMPLE-NET-1"),
        C("product_ref", "product", required=True, refers_to="items", example="EXAMPLE-ITEM-2"),
        C("installed_quantity", "installed_quantity", cells.whole, example="120"),
        C("annual_revenue", "annual_revenue", cells.money_digits(16), example="250000"),
    ), key=("network_ref", "product_ref"), customer_scope="network__customer",
        order_by=("network__ref", "product__ref")),
    KindSpec("contracts", m.Contract, (
        C("ref", "ref", required=True, example="EXAMPLE-CON-1"),
        C("supplier_ref", "supplier", required=True, refers_to="suppliers", example="EXAMPLE-SUP-1"),
        C("title", "title", required=True, example="Master supply agreement"),
        C("start_date", "start_date", cells.date, required=True, example="2024-01-01"),
        C("end_date", "end_date", cells.date, example="2026-12-31"),
        C("auto_renewal", "auto_renewal", cells.boolean, example="true"),
        C("notice_days", "notice_days", cells.whole, example="90"),
        C("value", "value", cells.money_digits(16), example="1500000"),
        C("currency", "currency", cells.upper, example="EUR"),
        C("owner", "owner", refers_to="users", example=""),
        C("status", "status", cells.choice(m.ContractStatus), example="active"),
    ), key=("ref",), supplier_scope="supplier"),
)}

KINDS: tuple[str, ...] = tuple(SPECS)
# The model each kind of reference points at, and the field that names it.
REFERENCE_TARGETS: dict[str, tuple[type[models.Model], str]] = {
    "suppliers": (m.Supplier, "ref"), "sites": (m.Site, "ref"), "items": (m.Item, "ref"),
    "customers": (m.Customer, "ref"), "networks": (m.CustomerNetwork, "ref"),
}
REFERENCE_NOUNS = {"suppliers": "supplier", "sites": "site", "items": "item", "customers": "customer",
                   "networks": "network", "users": "user"}


def spec_for(kind: str) -> KindSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}") from None
