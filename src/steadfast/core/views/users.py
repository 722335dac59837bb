"""One account, for administrators: role, scope, active or not, two-factor reset."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core import selectors
from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.roles import Role
from steadfast.core.services import accounts, recovery
from steadfast.core.services.scope_refs import resolve_scope


class AccountForm(forms.Form):
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=Role.choices)
    supplier_ref = forms.CharField(required=False, label="Supplier ref (supplier respondents)")
    customer_ref = forms.CharField(required=False, label="Customer ref (customer viewers)")
    is_active = forms.BooleanField(required=False, label="Active: may sign in and use API tokens")


def _initial(person) -> dict:
    return {"email": person.email, "role": person.role, "is_active": person.is_active,
            "supplier_ref": person.supplier.ref if person.supplier_id else "",
            "customer_ref": person.customer.ref if person.customer_id else ""}


@policy_required("users", "view")
def user_detail(request, user_id: int):
    person = selectors.person(user=request.user, user_id=user_id)
    form = AccountForm(request.POST or None, initial=_initial(person))
    if request.method == "POST":
        if not can(request.user, "users", "change"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                supplier, customer = resolve_scope(supplier_ref=data["supplier_ref"].strip(),
                                                   customer_ref=data["customer_ref"].strip())
                accounts.update_user(actor=request.user, user=person, role=data["role"], email=data["email"],
                                     is_active=data["is_active"], supplier=supplier, customer=customer)
            except ValidationError as exc:
                names = {"supplier": "supplier_ref", "customer": "customer_ref"}
                for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                    field = names.get(field, field)
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"{person.username} saved: {person.role_label}, "
                                          f"{'active' if person.is_active else 'deactivated'}.")
                return redirect(person.get_absolute_url())

    return render(request, "core/user_detail.html", {
        "person": person, "form": form, "can_change": can(request.user, "users", "change"),
        "has_two_factor": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
        "tokens": person.api_tokens.filter(revoked_at__isnull=True).count(),
        "failed_sign_ins": recovery.failed_sign_ins(person), "locked": recovery.is_locked(person),
    })


@require_POST
@policy_required("users", "change")
def user_reset_two_factor(request, user_id: int):
    """For someone who lost their authenticator: they enrol again at their next sign-in if required."""
    person = selectors.person(user=request.user, user_id=user_id)
    removed = accounts.remove_totp_devices(actor=request.user, user=person)
    if removed:
        messages.success(request, f"Two-factor sign-in reset for {person.username}: they set it up again.")
    else:
        messages.info(request, f"{person.username} had no two-factor device.")
    return redirect(person.get_absolute_url())
