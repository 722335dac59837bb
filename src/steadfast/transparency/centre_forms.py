"""Forms of the centres pages (a module of its own: the app's figures pages have theirs)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from steadfast.core.roles import Role
from steadfast.core.validators import COUNTRY_CODES
from steadfast.network.models import Customer, Item
from steadfast.transparency.models import EvaluationFinding, Room, Service


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            self.add_error(field if field in self.fields else None, errors)


class BookingForm(ServiceErrorsMixin, forms.Form):
    room = forms.ModelChoiceField(queryset=Room.objects.select_related("centre").order_by("centre__name", "name"))
    service = forms.ChoiceField(choices=Service.choices)
    title = forms.CharField(max_length=255)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), initial=dt.time(9, 0))
    end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), initial=dt.time(17, 0))
    days = forms.IntegerField(min_value=1, max_value=5, initial=1, help_text="consecutive days, the same hours")
    attendees = forms.IntegerField(min_value=1, max_value=200, initial=2)
    organisation = forms.CharField(max_length=255, required=False, help_text="staff booking for someone: who evaluates")
    customer = forms.ModelChoiceField(queryset=Customer.objects.order_by("name"), required=False)
    country = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in sorted(COUNTRY_CODES)], required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role in (Role.CUSTOMER_VIEWER, Role.REGULATOR):
            for name in ("organisation", "customer"):
                del self.fields[name]
            if user.role == Role.CUSTOMER_VIEWER:
                del self.fields["country"]
            else:
                codes = list(user.regulator_countries.values_list("country", flat=True))
                self.fields["country"] = forms.ChoiceField(choices=[(c, c) for c in codes], label="For country")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tz = timezone.get_current_timezone()
        data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=tz)
        data["ends_at"] = dt.datetime.combine(data["day"] + dt.timedelta(days=data["days"] - 1), data["end"], tzinfo=tz)
        if data["end"] <= data["start"]:
            self.add_error("end", "The session must end after it starts.")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"room": d["room"], "service": d["service"], "title": d["title"], "starts_at": d["starts_at"],
                "ends_at": d["ends_at"], "attendees": d["attendees"], "organisation": d.get("organisation") or "",
                "customer": d.get("customer"), "country": d.get("country") or "", "notes": d.get("notes") or ""}


class ReportForm(forms.Form):
    report_summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Report summary")


class VersionForm(ServiceErrorsMixin, forms.Form):
    product = forms.ModelChoiceField(queryset=Item.objects.filter(kind="product").order_by("name"))
    version = forms.CharField(max_length=64)


class FindingForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(max_length=255)
    severity = forms.TypedChoiceField(choices=EvaluationFinding.Severity.choices, coerce=int, initial=2)
    owner = forms.ModelChoiceField(queryset=None, required=False)
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True, supplier__isnull=True, customer__isnull=True).exclude(role=Role.REGULATOR).order_by("username")


class FindingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=EvaluationFinding.Status.choices)


class RegulatorCountryForm(ServiceErrorsMixin, forms.Form):
    user = forms.ModelChoiceField(queryset=None)
    country = forms.ChoiceField(choices=[(c, c) for c in sorted(COUNTRY_CODES)])
    authority = forms.CharField(max_length=200, required=False, help_text="e.g. ANSSI, BSI, NCSC")

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(role=Role.REGULATOR).order_by("username")
