"""The world map page and the JSON it draws from (scoped to the viewer)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from steadfast.core.decorators import policy_required
from steadfast.network import selectors


@policy_required("network", "view")
def world_map(request):
    return render(request, "network/map.html", {"data_url": reverse("network:map_data")})


@policy_required("network", "view")
def map_data(request):
    # Past the limit the sites come grouped into grid cells (300,000 circles would hang the browser).
    payload = {"sites": selectors.map_sites(user=request.user, limit=settings.STEADFAST_MAP_SITE_LIMIT),
               "networks": selectors.networks_by_country(user=request.user),
               "site_url": reverse("network:site", args=[0]).replace("/0/", "/{id}/")}
    response = JsonResponse(payload)
    response["Cache-Control"] = "private, max-age=60"
    return response
