"""The three page shapes every entity shares: a filtered list, a service-backed form, a delete."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from steadfast.core.policy import can
from steadfast.core.tables import Column, Table


def can_change(request) -> bool:
    return can(request.user, "network", "change")


def list_page(request, *, title: str, filter_form, rows: Callable[..., object], columns: list[Column],
              default_order: str, create_url: str | None = None, intro: str = ""):
    """`rows(form)` returns the scoped, filtered queryset; the table sorts and paginates it."""
    table = Table(request, rows(filter_form), columns, default_order=default_order)
    return render(request, "network/list.html", {
        "title": title, "form": filter_form, "table": table, "intro": intro,
        "create_url": create_url if create_url and can_change(request) else None,
    })


def form_page(request, *, form_class, title: str, save: Callable[[dict], object], initial: dict | None = None,
              cancel_url: str, success: str, next_url: Callable[[object], str] | None = None):
    """Render the form; on a valid POST call `save(kwargs)`; service errors go next to their field."""
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success.format(obj=saved))
            return redirect(next_url(saved) if next_url else saved.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "network/form.html", {"form": form, "title": title, "cancel_url": cancel_url}, status=status)


def delete_then_redirect(request, *, delete: Callable[[], None], label: str, done_url: str, back_url: str):
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back_url)
    messages.success(request, f"Deleted {label}.")
    return redirect(done_url)
