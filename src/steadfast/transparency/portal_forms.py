"""Forms of the stakeholder portal pages."""

from __future__ import annotations

from django import forms

from steadfast.network.models import Item
from steadfast.transparency.centre_forms import ServiceErrorsMixin
from steadfast.transparency.models import DocumentKind


class UploadForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(max_length=255)
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    file = forms.FileField(help_text="PDF; a product SBOM as CycloneDX JSON")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    issued_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    access_days = forms.IntegerField(min_value=1, max_value=365, initial=30, label="Access period (days)")


class GenerateSbomForm(ServiceErrorsMixin, forms.Form):
    product = forms.ModelChoiceField(queryset=Item.objects.filter(kind="product").order_by("name"))
    version = forms.CharField(max_length=64)


class RequestForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="why you need it (the owner reads this)")


class NdaForm(forms.Form):
    nda_id = forms.IntegerField(widget=forms.HiddenInput)
    nda_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    accept = forms.BooleanField(label="I have read and accept this non-disclosure agreement")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(max_length=500, required=False)
