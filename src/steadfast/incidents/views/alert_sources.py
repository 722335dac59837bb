"""Alert tokens: the monitoring systems that post to /api/v1/alerts, each with its own token
(created here or with `steadfast incidents_alert_source`, through the same service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.incidents import forms, selectors
from steadfast.incidents.services.alerts import create_alert_source, revoke_alert_source

DOMAIN = "incidents.alerts"


@policy_required(DOMAIN, "view")
def alert_source_list(request):
    form = forms.AlertSourceForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if not can(request.user, DOMAIN, "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                source, secret = create_alert_source(actor=request.user, name=form.cleaned_data["name"])
            except ValidationError as exc:
                form.add_error("name", exc.message_dict.get("name", exc.messages))
                status = 422
            else:
                # The secret is shown on this answer only (not in a redirect's flash message that
                # could be replayed from the session); a reload shows the list without it.
                form = forms.AlertSourceForm()
                messages.success(request, f"Alert token for {source.name} created.")
        else:
            status = 422
    return render(request, "incidents/alert_sources.html", {
        "sources": selectors.alert_sources(user=request.user), "form": form, "secret": secret,
        "can_change": can(request.user, DOMAIN, "change")}, status=status)


@policy_required(DOMAIN, "change")
def alert_source_revoke(request, alert_source_id: int):
    source = selectors.alert_source(user=request.user, alert_source_id=alert_source_id)
    if request.method == "POST":
        revoke_alert_source(actor=request.user, source=source)
        messages.success(request, f"Revoked the token of {source.name}: it opens nothing any more.")
    return redirect("incidents:alert_sources")
