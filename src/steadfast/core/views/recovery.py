"""Forgot-password by e-mail, the reset link's page, and an administrator's unlock and reset."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.cache import caches
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from steadfast.core import selectors
from steadfast.core.decorators import policy_required, public
from steadfast.core.services import recovery

# Forgot-password requests: per client address and per e-mail address, in the throttle cache.
PER_ADDRESS = (5, 15 * 60)  # five requests per quarter-hour from one address, then 429
PER_EMAIL = (3, 60 * 60)  # three e-mails per hour to one address; more are silently not sent


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


def _over_limit(key: str, limit: tuple[int, int]) -> bool:
    cache, (allowed, seconds) = caches["throttle"], limit
    key = "pwreset:" + hashlib.sha256(key.encode()).hexdigest()
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds)
        return False
    return count > allowed


@public
def forgot_password(request):
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST":
        if _over_limit(f"ip:{request.META.get('REMOTE_ADDR', '')}", PER_ADDRESS):
            return render(request, "registration/password_forgot.html", {
                "form": form, "throttled": "Too many reset requests from this address: wait a quarter of an hour "
                                           "and try again."}, status=429)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if not _over_limit(f"email:{email}", PER_EMAIL):
                recovery.request_password_reset(email=email)
            # The same answer whether or not an account uses the address (no account enumeration).
            return redirect("core:password_reset_sent")
    return render(request, "registration/password_forgot.html", {"form": form})


@public
def password_reset_sent(request):
    return render(request, "registration/password_reset_sent.html")


class ResetPasswordForm(SetPasswordForm):
    def save(self, commit=True):
        recovery.complete_password_reset(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's link check (the token in the URL is moved to the session first, so that it does not
    leak through the Referer header), our form and audit; no sign-in here: the user signs in with the
    new password and, with two-factor sign-in, a code."""

    template_name = "registration/password_reset_confirm.html"
    form_class = ResetPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("core:password_reset_complete")


password_reset_confirm = public(PasswordResetConfirm.as_view())


@public
def password_reset_complete(request):
    return render(request, "registration/password_reset_complete.html")


@require_POST
@policy_required("users", "change")
def user_unlock(request, user_id: int):
    person = selectors.person(user=request.user, user_id=user_id)
    failures = recovery.unlock_user(actor=request.user, user=person)
    messages.success(request, f"{person.username} is unlocked ({failures} failed sign-in"
                              f"{'' if failures == 1 else 's'} forgotten): they may sign in again now.")
    return redirect(person.get_absolute_url())


@require_POST
@policy_required("users", "change")
def user_password_reset(request, user_id: int):
    """A one-time reset link: e-mailed when the account has an address, and shown here once."""
    person = selectors.person(user=request.user, user_id=user_id)
    link = recovery.send_reset_link(actor=request.user, user=person)
    return render(request, "core/user_reset_link.html", {"person": person, "link": link})
