"""Pages for administrators and auditors: audit log, users, jobs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.core import selectors
from steadfast.core.decorators import policy_required
from steadfast.core.models import RoleSettings
from steadfast.core.policy import can
from steadfast.core.roles import Role
from steadfast.core.services import accounts, jobs
from steadfast.core.services.scope_refs import resolve_scope
from steadfast.core.tables import Column, Table


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False)
    object_type = forms.CharField(required=False, label="Object type")
    object_id = forms.CharField(required=False, label="Object id")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(required=False, label="Search")


@policy_required("audit", "view")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(
        user=request.user, actor=filters.get("actor") or "", object_type=filters.get("object_type") or "",
        object_id=filters.get("object_id") or "", since=filters.get("since"), until=filters.get("until"),
        search=filters.get("q") or "",
    )
    table = Table(request, events, [
        Column("seq", "#", "seq", numeric=True), Column("occurred_at", "When", "occurred_at"),
        Column("actor_label", "Who", "actor_label"), Column("verb", "Did", "verb"),
        Column("object_type", "Type", "object_type"), Column("object_label", "Object", "object_label"),
        Column("changes", "Changes"),
    ], default_order="-seq")
    template = "core/_audit_table.html" if request.htmx else "core/audit_log.html"
    return render(request, template, {"form": form, "table": table,
                                      "object_types": selectors.audit_object_types(user=request.user),
                                      "last_passed": selectors.audit_verification_state(user=request.user)["last_passed"]})


@policy_required("audit", "view")
def audit_verify(request):
    """Verification of the audit chain runs as a background job (it re-hashes every event); this
    page starts one (POST) and shows its progress, and when the chain last passed, up to which event."""
    state = selectors.audit_verification_state(user=request.user)
    if request.method == "POST":
        if state["running"] is None:
            jobs.start_job(actor=request.user, kind=selectors.AUDIT_VERIFY_JOB, label="Verify the audit chain")
            messages.info(request, "Verification started: it runs in the background; this page shows its progress.")
        return redirect("core:audit_verify")
    return render(request, "core/audit_verify.html", {**state, "head": selectors.audit_head(user=request.user)})


@policy_required("jobs", "view")
def jobs_page(request):
    return render(request, "core/jobs.html", {"jobs": selectors.jobs_for(user=request.user)[:100],
                                              "can_start": can(request.user, "jobs", "change")})


@policy_required("jobs", "view")
def job_progress(request, job_id: int):
    job = selectors.job(user=request.user, job_id=job_id)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"status": job.status, "done": job.done, "total": job.total, "percent": job.percent})
    return render(request, "core/_job_progress.html", {"job": job})


@require_POST
@policy_required("jobs", "change")
def job_selfcheck(request):
    job = jobs.start_job(actor=request.user, kind="core.selfcheck", label="Verify the audit chain")
    messages.info(request, f"Started: {job.label}.")
    return redirect("core:jobs")


class UserForm(forms.Form):
    username = forms.RegexField(regex=r"^[\w.@+-]{3,150}$", max_length=150,
                                error_messages={"invalid": "3-150 letters, digits or . @ + - _"})
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=Role.choices)
    supplier_ref = forms.CharField(required=False, label="Supplier ref (supplier respondents)")
    customer_ref = forms.CharField(required=False, label="Customer ref (customer viewers)")
    password = forms.CharField(widget=forms.PasswordInput, min_length=12, help_text="At least 12 characters.")


@policy_required("users", "view")
def users_page(request):
    form = UserForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, "users", "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                supplier, customer = resolve_scope(supplier_ref=form.cleaned_data["supplier_ref"],
                                                   customer_ref=form.cleaned_data["customer_ref"])
                user = accounts.create_user(actor=request.user, username=form.cleaned_data["username"],
                                            email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                                            password=form.cleaned_data["password"], supplier=supplier, customer=customer)
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"User {user.username} created as {user.role_label}.")
                return redirect("core:users")
    table = Table(request, selectors.users(user=request.user, search=request.GET.get("q", ""), role=request.GET.get("role", "")), [
        Column("username", "User", "username", link="get_absolute_url"), Column("email", "Email", "email"),
        Column("role_label", "Role", "role"), Column("supplier", "Supplier"), Column("customer", "Customer"),
        Column("is_active", "Active", "is_active"), Column("last_login", "Last sign-in", "last_login"),
    ], default_order="username")

    required = set(RoleSettings.objects.filter(require_two_factor=True).values_list("role", flat=True))
    return render(request, "core/users.html", {
        "form": form, "table": table, "roles": [(r.value, r.label, r.value in required) for r in Role],
        "can_change": can(request.user, "users", "change"),
    })


@require_POST
@policy_required("users", "change")
def role_two_factor(request):
    role = request.POST.get("role", "")
    if role not in Role.values:
        messages.error(request, f"Unknown role {role!r}.")
        return redirect("core:users")
    required = request.POST.get("required") == "on"
    accounts.require_two_factor(actor=request.user, role=role, required=required)
    messages.success(request, f"Two-factor sign-in is now {'required' if required else 'optional'} for {Role(role).label}.")
    return redirect("core:users")


