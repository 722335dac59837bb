from django import forms
from django.utils import timezone

from steadfast.transparency.models import Publication


def _years() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 6, -1)]


class PublishForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, choices=_years, help_text="the calendar year the figures cover")
    supersedes = forms.ModelChoiceField(queryset=Publication.objects.order_by("-period_end", "-published_at"),
                                        required=False, help_text="only for a correction: the publication it replaces")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="for a correction: what it changes and why")
