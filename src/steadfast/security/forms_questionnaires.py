"""Forms of the questionnaire library: the XLSX import and the question editor. They parse what
people type (one value per line); the services validate against the version and the catalogs."""

from __future__ import annotations

from django import forms

from steadfast.security.models.questionnaires import AnswerType


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(label="Questionnaire workbook (.xlsx)",
                           help_text="the layout of an exported questionnaire: sheets Questionnaire, Questions, Lists")


class QuestionForm(forms.Form):
    code = forms.CharField(max_length=32, help_text="stable reference within the questionnaire, e.g. GOV-07")
    section = forms.CharField(max_length=120, required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Question")
    help_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Help for the supplier")
    answer_type = forms.ChoiceField(choices=AnswerType.choices, label="Answer type")
    choices = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text="single or multiple choice only: one choice per line")
    weight = forms.IntegerField(min_value=0, max_value=10, initial=5,
                                help_text="0 (context, not scored) to 10 (most important)")
    required = forms.BooleanField(required=False, initial=True, label="The supplier must answer it")
    condition_code = forms.ChoiceField(required=False, label="Shown only when",
                                       help_text="an earlier yes/no or choice question; empty: always shown")
    condition_values = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                       label="… is answered",
                                       help_text="one answer per line, e.g. yes and partial on two lines")
    controls = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Controls",
                               help_text="one reference per line: CSF GV.SC-05, SP800-53 sr-3 (several ids may follow "
                                         "one alias: SP800-53 sa-3 sa-8)")

    def __init__(self, *args, earlier: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_code"].choices = [("", "always shown"), *earlier]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = lines(data["choices"])
        data["condition_values"] = lines(data["condition_values"])
        return data
