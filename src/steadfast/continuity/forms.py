"""Forms of the continuity pages: they parse; the services validate and write."""

from __future__ import annotations

from django import forms

from steadfast.continuity.models import (
    BcmDocument,
    ContinuityOwner,
    ContinuityPlan,
    Exercise,
    ExerciseFinding,
    Hazard,
    ImpactAnalysis,
    PlanStep,
    ResourceKind,
    SelectionKind,
    ServiceImpactAnalysis,
)
from steadfast.network.forms import ServiceForm


class RunForm(forms.Form):
    label = forms.CharField(required=False, max_length=200)
    default_ttr_days = forms.FloatField(label="Default TTR (days)", initial=14, help_text="for sources and sites that give none")


class ScenarioForm(forms.Form):
    """The scenario builder: one kind of selection, a TTR, optional what-if stock."""

    selection = forms.ChoiceField(choices=SelectionKind.choices, initial=SelectionKind.CIRCLE)
    refs = forms.CharField(label="Refs or country codes", required=False,
                           help_text="comma-separated site or supplier refs, ISO country codes or ISO 3166-2 subdivisions")
    latitude = forms.FloatField(required=False)
    longitude = forms.FloatField(required=False)
    radius_km = forms.FloatField(label="Radius (km)", required=False)
    ttr_days = forms.FloatField(label="TTR (days)", initial=30)
    extra_inventory = forms.CharField(label="What if: extra stock", required=False,
                                      help_text="SOURCE-REF=units, comma-separated (the map is not changed)")
    second_source = forms.CharField(label="What if: a second source", required=False,
                                    help_text="SOURCE-REF=SITE-REF: the site also makes that item, same capacity")

    def clean_extra_inventory(self) -> dict[str, float]:
        text = self.cleaned_data.get("extra_inventory") or ""
        extra = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            ref, _, units = part.partition("=")
            try:
                extra[ref.strip()] = float(units)
            except ValueError:
                raise forms.ValidationError(f"{part!r}: write SOURCE-REF=units") from None
        return extra

    def clean_second_source(self) -> dict[str, str]:
        text = self.cleaned_data.get("second_source") or ""
        pairs = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            ref, _, site = part.partition("=")
            if not ref.strip() or not site.strip():
                raise forms.ValidationError(f"{part!r}: write SOURCE-REF=SITE-REF")
            pairs[ref.strip()] = site.strip()
        return pairs

    def refs_tuple(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in (self.cleaned_data.get("refs") or "").split(",") if p.strip())


class SaveScenarioForm(forms.Form):
    name = forms.CharField(max_length=200)
    hazard = forms.ChoiceField(choices=Hazard.choices)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BiaForm(ServiceForm):
    model = ImpactAnalysis
    model_fields = ("mtpd_days", "rto_days", "rpo_hours", "mbco_percent", "priority", "owner_name", "reviewed_on",
                    "review_months", "notes")
    ref_fields = {"product": ("Product ref", True, "")}


class PlanForm(ServiceForm):
    model = ContinuityPlan
    model_fields = ("ref", "title", "hazard", "scope", "country", "activation_criteria", "communication_tree",
                    "owner_name", "review_months", "last_reviewed_on")
    ref_fields = {"site": ("Site ref", False, "for a site plan"), "supplier": ("Supplier ref", False, "for a supplier plan"),
                  "product": ("Product ref", False, "for a product plan")}


class StepForm(forms.Form):
    action = forms.CharField(max_length=500)
    owner_role = forms.CharField(max_length=120, label="Owner")
    within_hours = forms.FloatField(label="Within (hours)", min_value=0)


class ApproveForm(forms.Form):
    summary = forms.CharField(max_length=500, label="What this version changes")


class LinkScenarioForm(forms.Form):
    scenario = forms.IntegerField(widget=forms.HiddenInput)


class ExerciseForm(ServiceForm):
    model = Exercise
    model_fields = ("title", "kind", "held_on", "participants", "objectives", "outcome")


class FindingForm(ServiceForm):
    model = ExerciseFinding
    model_fields = ("summary", "severity", "action", "action_owner", "due_on")


# --- the BCM organisation, service BIA, and the edit pages of plans and exercises ------------------

class OwnerForm(ServiceForm):
    model = ContinuityOwner
    model_fields = ("scope", "supplier_tier", "notes")
    ref_fields = {"product": ("Product ref", False, "for a product owner"),
                  "site": ("Site ref", False, "for a site owner"),
                  "owner": ("Owner (username)", True, "a continuity manager or administrator"),
                  "deputy": ("Deputy (username)", False, "someone other than the owner")}

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = super().initial_for(instance)
        initial["owner"] = instance.owner.get_username() if instance.owner_id else ""
        initial["deputy"] = instance.deputy.get_username() if instance.deputy_id else ""
        return initial


class DocumentForm(ServiceForm):
    model = BcmDocument
    model_fields = ("ref", "kind", "title", "statement", "measure", "review_months", "reviewed_on")
    ref_fields = {"owner": ("Owner (username)", False, "a continuity manager or administrator")}

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = super().initial_for(instance)
        initial["owner"] = instance.owner.get_username() if instance.owner_id else ""
        return initial


class ServiceBiaForm(ServiceForm):
    model = ServiceImpactAnalysis
    model_fields = ("service_kind", "mtpd_days", "rto_days", "rpo_hours", "mbco_percent", "priority", "owner_name",
                    "reviewed_on", "review_months", "notes")


class PlanEditForm(PlanForm):
    """The plan's fields (the ref stays)."""
    model_fields = tuple(f for f in PlanForm.model_fields if f != "ref")


class MoveStepForm(forms.Form):
    position = forms.IntegerField(min_value=1)


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(choices=ResourceKind.choices)
    source = forms.CharField(required=False, max_length=130, label="Source ref",
                             help_text="alternate source or where the stock is held")
    site = forms.CharField(required=False, max_length=130, label="Site ref", help_text="alternate site (pick it on the map)")
    units = forms.FloatField(required=False, label="Units", help_text="safety inventory only")
    note = forms.CharField(required=False, max_length=255)


class ExerciseEditForm(ExerciseForm):
    ref_fields = {"plan": ("Plan ref", False, ""), "scenario": ("Saved scenario (id or name)", False, "")}

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = super().initial_for(instance)
        initial["scenario"] = instance.scenario.name if instance.scenario_id else ""
        return initial


class ServiceBiaEditForm(ServiceBiaForm):
    """The kind stays: a BIA answers for one service kind."""
    model_fields = tuple(f for f in ServiceBiaForm.model_fields if f != "service_kind")


class StepEditForm(ServiceForm):
    model = PlanStep
    model_fields = ("action", "owner_role", "within_hours")
