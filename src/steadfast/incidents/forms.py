"""Forms for the incident pages. They only parse; the services validate and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from steadfast.incidents.models import (
    CauseCategory,
    Hazard,
    IncidentKind,
    IncidentRole,
    ServiceImpact,
    Status,
    UpdateKind,
)
from steadfast.incidents.regions import regions
from steadfast.network.models import CustomerNetworkKind

UTC_HELP = "UTC, e.g. 2026-03-28 08:00"


class UtcDateTimeField(forms.DateTimeField):
    """Times are typed and stored in UTC (the page shows local zones beside them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", UTC_HELP)
        super().__init__(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **kwargs)

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None:
            moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
        return moment


def _with_blank(choices, label="any"):
    return [("", label), *[(c.value, c.label) for c in choices if c.value != ""]]


class IncidentFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    status = forms.ChoiceField(choices=_with_blank(Status), required=False)
    severity = forms.TypedChoiceField(choices=[("", "any"), (1, "SEV1"), (2, "SEV2"), (3, "SEV3"), (4, "SEV4")],
                                      coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(choices=_with_blank(IncidentKind), required=False)
    cause_category = forms.ChoiceField(label="Cause", choices=_with_blank(CauseCategory), required=False)
    hazard = forms.ChoiceField(choices=_with_blank(Hazard), required=False)
    country = forms.CharField(max_length=60, required=False, help_text="ISO 3166 alpha-2, e.g. DE")
    region = forms.ChoiceField(required=False, choices=())
    customer = forms.CharField(max_length=200, required=False, help_text="the customer's ref or part of its name")
    commander = forms.CharField(max_length=150, required=False, help_text="incident commander's username")
    state = forms.ChoiceField(label="Open or closed", required=False,
                              choices=[("", "any"), ("open", "open"), ("closed", "resolved, closed or declined")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "any"), *[(r, r) for r in regions()]]

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise ValidationError("a two-letter ISO 3166 country code, e.g. DE")
        return country

    def selector_kwargs(self) -> dict:
        # The fields that are valid apply; an invalid one is named on the form and left out.
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {"search": data.get("q") or "", "status": data.get("status") or "", "severity": data.get("severity"),
                "kind": data.get("kind") or "", "cause_category": data.get("cause_category") or "",
                "hazard": data.get("hazard") or "", "country": data.get("country") or "",
                "region": data.get("region") or "", "customer": (data.get("customer") or "").strip(),
                "commander": (data.get("commander") or "").strip(), "state": data.get("state") or ""}


class BoardFilterForm(IncidentFilterForm):
    """The board's filters: as the list's, open incidents unless asked otherwise."""

    state = forms.ChoiceField(label="Open or closed", required=False,
                              choices=[("open", "open"), ("closed", "resolved, closed or declined"), ("all", "all")])


class IncidentForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=IncidentKind.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    networks = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               help_text="one network per line: its ref and the share of subscribers affected, "
                                         "e.g. 'NET-US-0001 0.4'")
    service_impact = forms.ChoiceField(choices=ServiceImpact.choices, initial=ServiceImpact.UNKNOWN)
    cause_category = forms.ChoiceField(label="Cause", choices=CauseCategory.choices, required=False)
    hazard = forms.ChoiceField(choices=Hazard.choices, required=False)
    impact_started = UtcDateTimeField()
    detected = UtcDateTimeField()
    personal_data = forms.BooleanField(required=False, label="Personal data involved (GDPR Art. 33)")
    nis2_significant = forms.BooleanField(required=False, label="Significant under NIS2 Art. 23")

    def clean_networks(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["networks"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(",", " ").split()
            try:
                rows.append({"network": parts[0], "share": float(parts[1])})
            except (IndexError, ValueError):
                raise ValidationError(f"line {number}: write the network's ref and a share such as 0.4") from None
        return rows

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            name = field.split(".")[0]
            name = {"impact_started_at": "impact_started", "detected_at": "detected"}.get(name, name)
            self.add_error(name if name in self.fields else None, [f"{field}: {e}" if "." in field else e for e in errors])


class IncidentEditForm(IncidentForm):
    """What is known about an incident, changed by the incident manager; `version` guards against
    overwriting someone else's change (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    sites = forms.CharField(required=False, help_text="site refs, separated by spaces or commas")
    suppliers = forms.CharField(required=False, help_text="supplier refs, separated by spaces or commas")

    @staticmethod
    def initial_for(incident, affected) -> dict:
        return {"title": incident.title, "kind": incident.kind, "summary": incident.summary,
                "networks": "\n".join(f"{a.network.ref} {a.share:g}" for a in affected),
                "service_impact": incident.service_impact, "cause_category": incident.cause_category,
                "hazard": incident.hazard, "impact_started": incident.impact_started_at, "detected": incident.detected_at,
                "personal_data": incident.personal_data, "nis2_significant": incident.nis2_significant,
                "version": incident.version, "sites": " ".join(s.ref for s in incident.sites.all()),
                "suppliers": " ".join(s.ref for s in incident.suppliers.all())}

    def _refs(self, name):
        return [ref for ref in self.cleaned_data[name].replace(",", " ").split() if ref]

    def clean_sites(self):
        return self._refs("sites")

    def clean_suppliers(self):
        return self._refs("suppliers")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        data["impact_started_at"] = data.pop("impact_started")
        data["detected_at"] = data.pop("detected")
        return data


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    version = forms.IntegerField(min_value=1)
    at = UtcDateTimeField(required=False)
    note = forms.CharField(max_length=500, required=False)


def _text(label: str, **kwargs) -> forms.CharField:
    """A text box that names itself (the war room's compact forms have no visible labels)."""
    return forms.CharField(widget=forms.TextInput(attrs={"placeholder": label, "aria-label": label}), **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=IncidentRole.choices, widget=forms.Select(attrs={"aria-label": "Role"}))
    person = _text("person (username)", max_length=150)


class TaskForm(forms.Form):
    title = _text("task", max_length=200)
    owner = _text("owner (username)", max_length=150, required=False)
    due_at = UtcDateTimeField(required=False)


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "aria-label": "Note", "placeholder": "note"}),
                           max_length=2000)


class UpdateForm(forms.Form):
    kind = forms.ChoiceField(choices=UpdateKind.choices)
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    actions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    needs = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Executive summary")


class SubmissionForm(forms.Form):
    reference = forms.CharField(max_length=100, required=False, help_text="the authority's reference")


class UserBaseForm(forms.Form):
    country = forms.CharField(max_length=2, help_text="ISO 3166 alpha-2")
    kind = forms.ChoiceField(choices=CustomerNetworkKind.choices, label="Network kind")
    users = forms.IntegerField(min_value=1, label="National users of this service")
    source = forms.CharField(max_length=200, required=False, help_text="e.g. the regulator's market report, year")


class WebhookForm(forms.Form):
    customer = forms.CharField(max_length=64, help_text="the customer's ref")
    url = forms.URLField(max_length=500, assume_scheme="https", help_text="the customer's HTTPS endpoint")


class AlertSourceForm(forms.Form):
    name = forms.CharField(max_length=100, label="Monitoring system",
                           help_text="e.g. 'Prometheus Alertmanager, Frankfurt NOC'; one token per system")


class WebhookSwitchForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")], coerce=lambda v: v == "on",
                                    widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, required=False, help_text="why it is switched off (required to switch off)")
