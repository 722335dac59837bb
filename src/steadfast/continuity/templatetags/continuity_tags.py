"""`{% continuity_standing user=request.user site=site %}` (or supplier=, item=, source=): the TTS, PI
and REI of a map record from the latest full analysis, and the products and customer networks its
loss hits (selectors/reach.py), for the network app's detail pages. Shows nothing without a run, or
to a role without continuity access."""

from __future__ import annotations

from django import template

from steadfast.continuity.selectors.bcm import owner_of
from steadfast.continuity.selectors.reach import reach
from steadfast.continuity.selectors.runs import standing

register = template.Library()


@register.inclusion_tag("continuity/_standing.html")
def continuity_standing(*, user, site=None, supplier=None, item=None, source=None) -> dict:
    # the continuity owner: a product's, a site's, or a supplier's tier's (BCM organisation)
    owner = owner_of(user=user, product_id=getattr(item, "pk", None), site_id=getattr(site, "pk", None),
                     supplier_tier=getattr(supplier, "tier", None))
    record = {"site_id": getattr(site, "pk", None), "supplier_id": getattr(supplier, "pk", None),
              "item_id": getattr(item, "pk", None), "source_id": getattr(source, "pk", None)}
    found = standing(user=user, **record)  # None without access or a run
    return {"standing": found, "reach": reach(found.run, **record) if found else None, "owner": owner}
