"""The caller's own profile: API tokens and two-factor enrolment."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core import selectors
from steadfast.core.decorators import policy_required
from steadfast.core.models import ApiToken
from steadfast.core.services import accounts, reauth, tokens, two_factor


class ReauthForm(forms.Form):
    """Proving again who you are before a sensitive change (ASVS 3.7.1)."""

    password = forms.CharField(label="Your current password", max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    otp_code = forms.CharField(label="Code from your authenticator app", max_length=8, required=False,
                               help_text="Only if your account uses two-factor sign-in.",
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        if self.request is not None and "password" in cleaned:
            for field, message in reauth.reauthenticate(self.request, self.request.user, password=cleaned["password"],
                                                        code=cleaned.get("otp_code")).items():
                self.add_error(field, message)
        return cleaned


class TokenForm(ReauthForm):
    name = forms.CharField(max_length=100, label="Token name", help_text="What will use it, e.g. 'SIEM export'.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, label="Scope", required=False,
                              help_text="Read only unless the token must change records.")
    expires_days = forms.IntegerField(min_value=1, max_value=tokens.MAX_EXPIRES_DAYS, required=False,
                                      label="Expires after (days)", help_text="Leave empty for the default lifetime.")
    field_order = ["name", "scope", "expires_days", "password", "otp_code"]


@policy_required("profile", "view")
def profile(request):
    context = {
        "tokens": selectors.tokens_for(user=request.user),
        "token_form": TokenForm(),
        "disable_form": ReauthForm(prefix="disable"),
        "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        "two_factor_required": accounts.two_factor_required(request.user.role),
        "new_token": request.session.pop("new_token", None),
    }
    return render(request, "core/profile.html", context)


@require_POST
@policy_required("profile", "change")
def token_create(request):
    form = TokenForm(request.POST, request=request)
    if not form.is_valid():
        messages.error(request, "The token was not created: " + "; ".join(
            f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()))
        return redirect("core:profile")
    try:
        _, secret = tokens.create_token(actor=request.user, user=request.user, name=form.cleaned_data["name"],
                                        expires_days=form.cleaned_data["expires_days"],
                                        scope=form.cleaned_data["scope"] or ApiToken.Scope.READ)
    except PermissionDenied as exc:
        messages.error(request, f"The token was not created: {exc}")
        return redirect("core:profile")
    request.session["new_token"] = secret  # shown once on the next page, then gone
    messages.success(request, "Token created. Copy it now: it will not be shown again.")
    return redirect("core:profile")


@require_POST
@policy_required("profile", "change")
def token_revoke(request, token_id: int):
    token = selectors.token(user=request.user, token_id=token_id)
    tokens.revoke_token(actor=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("core:profile")


class CodeForm(forms.Form):
    code = forms.CharField(max_length=8, label="Code from your authenticator app",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


@policy_required("profile", "change")
def totp_enrol(request):
    device = two_factor.start_totp_enrolment(actor=request.user, user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            accounts.confirm_totp_device(actor=request.user, device=device)
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. You will be asked for a code at each sign-in.")
            return redirect("core:profile")
        form.add_error("code", "That code does not match. Check the time on your phone and try the newest code.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)
    return render(request, "core/totp_enrol.html", {"form": form, "qr_svg": qr_svg,
                                                     "secret": two_factor.totp_secret(device)})


@policy_required("profile", "view")
def otp_verify(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = reauth.check_code(request, request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            target = request.GET.get("next") or "/"
            return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
        form.add_error("code", "That code is not valid.")
    return render(request, "core/otp_verify.html", {"form": form})


@require_POST
@policy_required("profile", "change")
def totp_disable(request):
    form = ReauthForm(request.POST, request=request, prefix="disable")
    if accounts.two_factor_required(request.user.role):
        messages.error(request, "Your role requires two-factor sign-in; it cannot be turned off.")
    elif not form.is_valid():
        messages.error(request, "Two-factor sign-in is still on: " + "; ".join(
            " ".join(errs) for errs in form.errors.values()))
    else:
        accounts.remove_totp_devices(actor=request.user, user=request.user)
        messages.success(request, "Two-factor sign-in is off.")
    return redirect("core:profile")
