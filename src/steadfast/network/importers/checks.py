"""Rules that need more than one cell: across a row, across the file, or against the database.

They mirror the network services' rules (and reuse their messages) so that a row the import
accepts is a row the services would accept; the database constraints stay the last word.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from steadfast.network.importers.bom_cycles import cycles_through
from steadfast.network.importers.context import ImportContext
from steadfast.network.importers.lookups import chunks
from steadfast.network.importers.parse import ParsedRow
from steadfast.network.models import BomLine, Deployment, Item, ItemKind, ItemSource, Supplier

DUPLICATE_VALUE = "duplicate {column} {value!r}: also on row {row}"
TAKEN_BY = "{column} {value} already belongs to supplier {owner!r}"
TIER1_HAS_PARENT = "a tier-1 supplier supplies us directly: leave the parent blank"
NEEDS_PARENT = "a tier-{tier} supplier needs the supplier it supplies through"
OWN_PARENT = "a supplier cannot supply through itself"
PARENT_TIER = "{parent} is tier {parent_tier}: the parent of a tier-{tier} supplier must have a lower tier"
CHILD_TIER = "a sub-tier supplier of {ref} ({child}) is tier {child_tier}: this supplier's tier must stay below it"
DEMAND_NOT_PRODUCT = "only products face external demand: leave it 0 for a {kind}"
MUST_STAY_PRODUCT = "{ref} is deployed in customer networks: it must stay a product"
NOT_A_PRODUCT = "{ref} is a {kind}, not a product: only products are deployed in networks"
SOURCE_TAKEN = "item {item!r} already has a source at site {site!r}: {other!r}"
DUPLICATE_PAIR = "duplicate item_ref + site_ref {item!r} + {site!r}: also on row {row}"
DATES_REVERSED = "the contract ends ({end}) before it starts ({start})"
NOT_IN_COUNTRY = "{subdivision!r} is not a subdivision of {country}"


def derived_source_ref(item_ref: str, site_ref: str) -> str:
    """The ref a source gets when the file leaves it blank (the services' default too)."""
    return f"{item_ref}@{site_ref}"[:130]


def cycle_message(names: list[str]) -> str:
    """'BOM cycle: A → B → C → A' (the network services' wording)."""
    return "BOM cycle: " + " → ".join(names)


def prepare(context: ImportContext) -> None:
    if context.spec.name == "sources":
        _prepare_sources(context)


def check(context: ImportContext) -> None:
    rule = RULES.get(context.spec.name)
    if rule is not None:
        rule(context)


# --- sources -----------------------------------------------------------------------------------

def _prepare_sources(context: ImportContext) -> None:
    """Blank refs take the stored source of the same item at the same site, else ITEM@SITE."""
    resolved = [row for row in context.good_rows() if row.values.get("item") and row.values.get("site")]
    stored: dict[tuple[int, int], str] = {}
    for batch in chunks(sorted({row.values["item"].pk for row in resolved})):
        for item_id, site_id, ref in ItemSource.objects.filter(item_id__in=batch).values_list("item_id", "site_id", "ref"):
            stored[(item_id, site_id)] = ref
    context.stored_pairs = stored
    ref_field = ItemSource._meta.get_field("ref")
    for row in resolved:
        if row.values.get("ref"):
            continue
        pair = (row.values["item"].pk, row.values["site"].pk)
        ref = stored.get(pair) or derived_source_ref(row.refs["item_ref"], row.refs["site_ref"])
        try:
            ref_field.run_validators(ref)
        except ValidationError as exc:
            context.error(row, "ref", f"the ref {ref!r} made from item_ref@site_ref is not valid: "
                                      + "; ".join(exc.messages), value=ref)
            continue
        row.values["ref"] = ref


def _check_sources(context: ImportContext) -> None:
    stored = context.stored_pairs
    moving = {row.before["ref"] for row in context.good_rows() if row.before}
    seen: dict[tuple[int, int], int] = {}
    for row in context.good_rows():
        source = row.instance
        pair = (source.item_id, source.site_id)
        item, site = row.refs.get("item_ref"), row.refs.get("site_ref")
        if pair in seen:
            context.error(row, "site_ref", DUPLICATE_PAIR.format(item=item, site=site, row=seen[pair]))
            continue
        seen[pair] = row.number
        other = stored.get(pair)
        if other and other != source.ref and other not in moving:
            context.error(row, "site_ref", SOURCE_TAKEN.format(item=item, site=site, other=other))


# --- suppliers ---------------------------------------------------------------------------------

def _check_suppliers(context: ImportContext) -> None:
    rows = context.good_rows()
    in_file = {row.instance.ref: row for row in rows}
    stored_parents = _stored_parents(rows)
    for row in rows:
        supplier = row.instance
        tier = supplier.tier
        column = "parent_ref" if context.has("parent_ref") else "tier"
        parent_ref, parent_tier = _parent_of(row, in_file, stored_parents, context)
        if tier == 1:
            if parent_ref is not None:
                context.error(row, column, TIER1_HAS_PARENT)
            continue
        if parent_ref is None:
            context.error(row, column, NEEDS_PARENT.format(tier=tier))
        elif parent_ref == supplier.ref:
            context.error(row, column, OWN_PARENT)
        elif parent_tier is not None and parent_tier >= tier:
            context.error(row, column, PARENT_TIER.format(parent=parent_ref, parent_tier=parent_tier, tier=tier))
    _check_sub_tiers(context, in_file)
    for column in ("duns", "lei"):
        if context.has(column):
            _check_unique_identifier(context, column, in_file)


def _stored_parents(rows: list[ParsedRow]) -> dict[int, tuple[str, int]]:
    """pk -> (ref, tier) of stored parents the file does not name (rows without a parent_ref column)."""
    wanted = {row.instance.parent_id for row in rows
              if "parent" not in row.values and not row.pending and row.instance.parent_id}
    found: dict[int, tuple[str, int]] = {}
    for batch in chunks(sorted(wanted)):
        for pk, ref, tier in Supplier.objects.filter(pk__in=batch).values_list("pk", "ref", "tier"):
            found[pk] = (ref, tier)
    return found


def _parent_of(row: ParsedRow, in_file: dict[str, ParsedRow], stored: dict[int, tuple[str, int]],
               context: ImportContext) -> tuple[str | None, int | None]:
    if "parent" in row.pending:
        ref = row.pending["parent"]
    elif row.values.get("parent") is not None:
        ref = row.values["parent"].ref
    elif "parent" in row.values or row.instance.parent_id is None:
        return None, None
    else:
        ref, tier = stored.get(row.instance.parent_id, (None, None))
        if ref not in in_file:
            return ref, tier
    if ref in in_file:
        return ref, in_file[ref].instance.tier
    target = context.targets.get("suppliers", {}).get(ref)
    return ref, target.extra if target else None


def _check_sub_tiers(context: ImportContext, in_file: dict[str, ParsedRow]) -> None:
    """A stored sub-supplier the file leaves alone must stay at a higher tier than its parent."""
    raised = {row.instance.pk: row for row in in_file.values()
              if row.before and row.before["tier"] != row.instance.tier}
    for batch in chunks(sorted(raised)):
        children = Supplier.objects.filter(parent_id__in=batch).values_list("parent_id", "ref", "tier")
        for parent_id, child_ref, child_tier in children:
            row = raised[parent_id]
            if child_ref not in in_file and child_tier <= row.instance.tier and not row.bad:
                context.error(row, "tier", CHILD_TIER.format(ref=row.instance.ref, child=child_ref, child_tier=child_tier))


def _check_unique_identifier(context: ImportContext, column: str, in_file: dict[str, ParsedRow]) -> None:
    label = column.upper()
    first: dict[str, int] = {}
    rows = [row for row in context.good_rows() if getattr(row.instance, column)]
    for row in rows:
        value = getattr(row.instance, column)
        if value in first:
            context.error(row, column, DUPLICATE_VALUE.format(column=column, value=value, row=first[value]))
        else:
            first.setdefault(value, row.number)
    owners: dict[str, str] = {}
    for batch in chunks(sorted(first)):
        owners.update(Supplier.objects.filter(**{f"{column}__in": batch}).values_list(column, "ref"))
    for row in rows:
        value = getattr(row.instance, column)
        owner = owners.get(value)
        if owner is None or owner == row.instance.ref or row.bad:
            continue
        other = in_file.get(owner)
        if other is None or getattr(other.instance, column) == value:
            context.error(row, column, TAKEN_BY.format(column=label, value=value, owner=owner))


# --- items, BOM, deployments, contracts, sites -------------------------------------------------

def _kind_label(kind: str) -> str:
    return ItemKind(kind).label.lower() if kind in ItemKind.values else kind


def _check_items(context: ImportContext) -> None:
    demoted = {}
    for row in context.good_rows():
        item = row.instance
        if item.kind != ItemKind.PRODUCT and item.demand_per_day:
            context.error(row, "demand_per_day", DEMAND_NOT_PRODUCT.format(kind=_kind_label(item.kind)))
        if row.before and row.before["kind"] == ItemKind.PRODUCT and item.kind != ItemKind.PRODUCT:
            demoted[item.pk] = row
    for batch in chunks(sorted(demoted)):
        for product_id in Deployment.objects.filter(product_id__in=batch).values_list("product_id", flat=True).distinct():
            row = demoted[product_id]
            if not row.bad:
                context.error(row, "kind", MUST_STAY_PRODUCT.format(ref=row.instance.ref))


def _check_bom(context: ImportContext) -> None:
    rows = context.good_rows()
    for row in rows:
        if row.instance.parent_id == row.instance.child_id:
            context.error(row, "child_ref", cycle_message([row.refs["parent_ref"]] * 2))
    rows = [row for row in rows if not row.bad]
    if not rows:
        return
    edges = [(row.instance.parent_id, row.instance.child_id) for row in rows]
    stored = BomLine.objects.values_list("parent_id", "child_id").iterator(chunk_size=10000)
    cycles = cycles_through(edges, stored)
    if not cycles:
        return
    names = {row.instance.parent_id: row.refs["parent_ref"] for row in rows}
    names.update({row.instance.child_id: row.refs["child_ref"] for row in rows})
    unknown = {node for cycle in cycles.values() for node in cycle if node not in names}
    names.update(Item.objects.filter(pk__in=unknown).values_list("pk", "ref"))
    for position, cycle in cycles.items():
        context.error(rows[position], "child_ref", cycle_message([names[node] for node in cycle]))


def _check_deployments(context: ImportContext) -> None:
    items = context.targets.get("items", {})
    for row in context.good_rows():
        ref = row.refs.get("product_ref")
        kind = items[ref].extra if ref in items else ItemKind.PRODUCT
        if kind != ItemKind.PRODUCT:
            context.error(row, "product_ref", NOT_A_PRODUCT.format(ref=ref, kind=_kind_label(kind)))


def _check_contracts(context: ImportContext) -> None:
    for row in context.good_rows():
        contract = row.instance
        if contract.end_date and contract.start_date and contract.end_date < contract.start_date:
            column = "end_date" if context.has("end_date") else "start_date"
            context.error(row, column, DATES_REVERSED.format(end=contract.end_date, start=contract.start_date))


def _check_sites(context: ImportContext) -> None:
    for row in context.good_rows():
        site = row.instance
        if site.subdivision and not site.subdivision.startswith(f"{site.country}-"):
            context.error(row, "subdivision", NOT_IN_COUNTRY.format(subdivision=site.subdivision, country=site.country))


RULES: dict[str, Callable[[ImportContext], None]] = {
    "suppliers": _check_suppliers, "sources": _check_sources, "items": _check_items, "bom": _check_bom,
    "deployments": _check_deployments, "contracts": _check_contracts, "sites": _check_sites,
}
