"""`user|may:"domain action"` in templates: show a button or link only when the policy table lets
the user do what it leads to (a 403 on click is a bug)."""

from __future__ import annotations

from django import template

from steadfast.core.policy import can

register = template.Library()


@register.filter
def may(user, permission: str) -> bool:
    domain, _, action = permission.partition(" ")
    return can(user, domain, action or "view")
