"""Business-map figures for the home page, read through the scoped selectors."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse

from steadfast.network import selectors


def map_cards(user) -> list[dict]:
    networks = selectors.customer_networks(user=user)
    subscribers = networks.aggregate(total=Sum("subscribers"))["total"] or 0
    return [
        {"label": "Suppliers", "value": f"{selectors.suppliers(user=user).count():,}", "url": reverse("network:suppliers"),
         "hidden_for": ("supplier", "customer", "country")},
        {"label": "Sites", "value": f"{selectors.sites(user=user).count():,}", "url": reverse("network:map"),
         "hint": "on the map", "hidden_for": ("customer", "country")},
        {"label": "Products", "value": f"{selectors.items(user=user).filter(kind='product').count():,}",
         "url": reverse("network:items") + "?kind=product", "hidden_for": ("supplier", "country")},
        {"label": "Customer networks", "value": f"{networks.count():,}", "url": reverse("network:networks"),
         "hint": f"{subscribers:,} subscribers", "hidden_for": ("supplier",)},
    ]
