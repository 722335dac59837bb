"""Sign-in (password, then a TOTP code when the account has one), lockout, sign-out."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from steadfast.core.decorators import policy_required, public
from steadfast.core.services import reauth
from steadfast.core.services.accounts import change_password


class SignInForm(AuthenticationForm):
    otp_token = forms.CharField(
        label="Authentication code", required=False, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="Only if your account uses two-factor sign-in.",
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and reauth.has_confirmed_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError("This account uses two-factor sign-in: enter the code from your authenticator app.")
            # A wrong code counts towards the lockout like a wrong password.
            device = reauth.check_code(self.request, user, token)
            if device is None:
                raise forms.ValidationError("That authentication code is not valid. Codes change every 30 seconds.")
            self.otp_device = device
        return cleaned


@public
def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        if getattr(form, "otp_device", None) is not None:
            otp_login(request, form.otp_device)
        messages.success(request, f"Welcome, {user.get_full_name() or user.username}.")
        target = request.GET.get("next", "")

        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "core:home"
        return redirect(target)
    return render(request, "registration/login.html", {"form": form})


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60)
    message = (f"Too many failed sign-in attempts. This account is locked for {minutes} minutes; "
               "ask an administrator to unlock it if you need access sooner, or reset your password.")
    return render(request, "registration/login.html", {"form": SignInForm(request), "lockout_message": message}, status=429)


@require_POST
@public
def logout_view(request):
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("core:login")


class PasswordChangeWithCodeForm(PasswordChangeForm):
    """The current password (a wrong one counts towards lockout) and, with two-factor sign-in, a
    current code: re-authentication before the change (ASVS 3.7.1)."""

    otp_code = forms.CharField(label="Code from your authenticator app", max_length=8, required=False,
                               help_text="Only if your account uses two-factor sign-in.",
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    field_order = ["old_password", "otp_code", "new_password1", "new_password2"]

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        if reauth.is_locked_out(self.request, self.user):
            raise forms.ValidationError("Too many failed attempts: this account is locked for now. Try again later.")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            reauth.record_failure(self.request, self.user)
            raise

    def clean_otp_code(self):
        code = (self.cleaned_data.get("otp_code") or "").strip()
        if reauth.has_confirmed_device(self.user):
            if not code:
                raise forms.ValidationError("Enter the current code from your authenticator app.")
            if reauth.check_code(self.request, self.user, code) is None:
                raise forms.ValidationError("That code is not valid. Codes change every 30 seconds.")
        return code


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = PasswordChangeWithCodeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        change_password(actor=self.request.user, user=self.request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, "Your password has been changed.")
        return redirect("core:profile")


password_change = policy_required("profile", "change")(PasswordChange.as_view())
