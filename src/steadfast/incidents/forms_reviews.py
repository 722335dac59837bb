"""Forms of the post-incident review section of the war room."""

from __future__ import annotations

from django import forms

from steadfast.incidents.models import PostIncidentReview


class ReviewForm(forms.ModelForm):
    class Meta:
        model = PostIncidentReview
        fields = ("timeline_summary", "contributing_factors", "went_well", "went_badly")
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class ReviewActionForm(forms.Form):
    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"placeholder": "action item",
                                                                          "aria-label": "Action item"}))
    owner = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"placeholder": "owner (username)",
                                                                          "aria-label": "Owner"}))
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class CloseActionForm(forms.Form):
    note = forms.CharField(max_length=500, required=False)
