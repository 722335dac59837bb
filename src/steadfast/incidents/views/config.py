"""Administration of the regulators' data: the national user bases behind ENISA's percentages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.incidents import forms, selectors
from steadfast.incidents.rules import load_rules
from steadfast.incidents.services.config import set_national_user_base
from steadfast.incidents.services.notify import create_webhook, max_consecutive_failures, set_webhook_active


@policy_required("incidents.config", "view")
def user_bases(request):
    form = forms.UserBaseForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, "incidents.config", "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = set_national_user_base(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Saved {saved}.")
                return redirect("incidents:user_bases")
    rules = load_rules()
    return render(request, "incidents/user_bases.html", {
        "rows": selectors.national_user_bases(user=request.user), "form": form, "rules_version": rules["version"],
        "can_change": can(request.user, "incidents.config", "change")}, status=422 if form.errors else 200)


@policy_required("incidents.config", "view")
def webhook_list(request):
    form = forms.WebhookForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, "incidents.config", "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                webhook, secret = create_webhook(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Webhook for {webhook.customer} created. Its signing secret (shown once, "
                                          f"give it to the customer): {secret}")
                return redirect("incidents:webhooks")
    return render(request, "incidents/webhooks.html", {
        "webhooks": selectors.webhooks(user=request.user).order_by("customer__ref", "url")[:500], "form": form,
        "max_failures": max_consecutive_failures(),
        "can_change": can(request.user, "incidents.config", "change")}, status=422 if form.errors else 200)


@policy_required("incidents.config", "view")
def webhook_deliveries(request, webhook_id: int):
    webhook = selectors.webhook(user=request.user, webhook_id=webhook_id)
    return _deliveries_page(request, webhook, forms.WebhookSwitchForm(initial={"active": "off" if webhook.active else "on"}))


def _deliveries_page(request, webhook, form, status: int = 200):
    return render(request, "incidents/webhook_deliveries.html", {
        "webhook": webhook, "deliveries": selectors.deliveries(user=request.user, webhook=webhook)[:200],
        "switch_form": form, "can_change": can(request.user, "incidents.config", "change")}, status=status)


@policy_required("incidents.config", "change")
def webhook_switch(request, webhook_id: int):
    """Switch an endpoint off (with a reason) or on again."""
    webhook = selectors.webhook(user=request.user, webhook_id=webhook_id)
    if request.method != "POST":
        return redirect("incidents:webhook_deliveries", webhook_id=webhook.pk)
    form = forms.WebhookSwitchForm(request.POST)
    if form.is_valid():
        try:
            saved = set_webhook_active(actor=request.user, webhook=webhook, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # a dict naming `reason` lands on that field
        else:
            messages.success(request, f"Webhook {saved.url} switched {'on' if saved.active else 'off'}.")
            return redirect("incidents:webhook_deliveries", webhook_id=webhook.pk)
    return _deliveries_page(request, webhook, form, status=422)
