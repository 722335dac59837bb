"""Page forms of the security app: they parse and show fields; the services validate and write."""

from __future__ import annotations

from django import forms

from steadfast.network.models import Supplier


class IntakeForm(forms.Form):
    network_access = forms.BooleanField(required=False, label="Has access into customer networks")
    remote_access = forms.BooleanField(required=False, label="Has remote access to our systems")
    personal_data = forms.BooleanField(required=False, label="Processes personal data for us")
    software_in_products = forms.BooleanField(required=False, label="Supplies software or firmware in our products")
    hosts_our_data = forms.BooleanField(required=False, label="Hosts our data")
    physical_access = forms.BooleanField(required=False, label="Has physical access to our or customers' sites")


class OverrideForm(forms.Form):
    tier_override = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Security tier",
                                           choices=[("", "Computed tier (no override)"), (1, "1"), (2, "2"), (3, "3"),
                                                    (4, "4")])
    tier_override_reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Reason",
                                           help_text="required when a tier is chosen")


class CampaignForm(forms.Form):
    """A campaign: `templates` are the questionnaires the user may choose (a scoped selector's queryset)."""

    name = forms.CharField(max_length=255)
    template = forms.ModelChoiceField(queryset=None, label="Questionnaire")
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    tier = forms.MultipleChoiceField(
        choices=[(1, "Security tier 1 (highest risk)"), (2, "Security tier 2"), (3, "Security tier 3"),
                 (4, "Security tier 4 (lowest risk)")], required=False, widget=forms.CheckboxSelectMultiple,
        label="Security tier", help_text="the security tier from inherent risk, not the supply-chain tier "
                                         "(how far down the supply chain); none ticked: every security tier")
    country = forms.CharField(required=False, help_text="ISO codes separated by commas, e.g. DE, FR")
    category = forms.MultipleChoiceField(choices=Supplier.Category.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    due = forms.BooleanField(required=False, label="Only suppliers due for reassessment")

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates

    def supplier_filter(self) -> dict:
        data = self.cleaned_data
        return {"tier": data["tier"], "country": [c for c in data["country"].replace(" ", "").split(",") if c],
                "category": data["category"], "due": data["due"]}


class CampaignExtendForm(forms.Form):
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="New due date")


class CampaignCloseForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why close it",
                             max_length=2000)
