"""Reads on frameworks and controls. Catalogs are reference data: every role allowed in the
"security" domain sees all of them; scoped roles see none (the policy denies them the domain)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.security.models import Control, Framework


def list_frameworks(*, user, search: str = "") -> QuerySet[Framework]:
    qs = Framework.objects.annotate(
        control_count=Count("controls"), withdrawn_count=Count("controls", filter=Q(controls__withdrawn=True))
    ).order_by("name", "version")
    if search:
        qs = qs.filter(name__icontains=search)
    # Reference data has no supplier: scoped users see nothing.
    return scoped(qs, user=user)


def get_framework(*, user, framework_id: int) -> Framework:
    return get_object_or_404(list_frameworks(user=user), pk=framework_id)


def list_controls(*, user, framework_id: int, include_withdrawn: bool = True, search: str = "") -> QuerySet[Control]:
    framework = get_framework(user=user, framework_id=framework_id)
    qs = Control.objects.filter(framework=framework).select_related("parent")
    if not include_withdrawn:
        qs = qs.filter(withdrawn=False)
    if search:
        qs = qs.filter(Q(control_id__icontains=search) | Q(label__icontains=search) | Q(title__icontains=search))
    return qs.order_by("sort_order")
