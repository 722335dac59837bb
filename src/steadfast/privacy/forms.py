"""Forms of the privacy pages: they parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from steadfast.network.forms import FilterForm, ServiceForm
from steadfast.network.models import SupplierCategory
from steadfast.privacy.checklist.extract import MAX_DOCUMENT_BYTES
from steadfast.privacy.models import (
    Breach,
    BreachRisk,
    DataCategory,
    DocumentPurpose,
    Dpa,
    DpaStatus,
    DpaTemplate,
    FindingStatus,
    LegalBasis,
    OurRole,
    ProcessingActivity,
    SubjectCategory,
    Transfer,
    TransferImpactAssessment,
    TransferMechanism,
)
from steadfast.security.models import Control, Framework


def _choices(choices):
    return [("", "any"), *choices]


class LookupInput(forms.TextInput):
    """Refs separated by commas, with suggestions from /privacy/lookup/?kind=… as one types (a
    datalist of at most 20, so it works with thousands of suppliers); the services check each ref."""

    template_name = "privacy/widgets/lookup.html"

    def __init__(self, kind: str, framework_field: str = "", attrs=None):
        super().__init__(attrs)
        self.kind, self.framework_field = kind, framework_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = f"{reverse('privacy:lookup')}?kind={self.kind}"
        context["widget"]["framework_field"] = self.framework_field
        return context


def refs_field(label: str, kind: str, help_text: str, framework_field: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, max_length=20000,
                           widget=LookupInput(kind, framework_field))


def refs_of(objects, key: str = "ref") -> str:
    return ", ".join(str(getattr(o, key)) for o in objects)


class DpaFilterForm(FilterForm):
    status = forms.ChoiceField(choices=_choices(DpaStatus.choices), required=False)
    clauses = forms.ChoiceField(label="Art. 28 clauses", required=False, choices=[
        ("", "any"), ("complete", "all present"), ("incomplete", "some missing"), ("unchecked", "no document")])
    expiring = forms.TypedChoiceField(label="Expiring within", required=False, coerce=int, empty_value=None,
                                      choices=[("", "any time"), ("30", "30 days"), ("90", "90 days")])


class DpaLinksMixin:
    """Contracts (the map's) and processing activities the agreement covers, by ref."""

    def add_link_fields(self):
        self.fields["contracts"] = refs_field("Contracts (refs)", "contracts", "the map's contracts this agreement covers, "
                                              "separated by commas; type to search")
        self.fields["activities"] = refs_field("Processing activities (refs)", "activities",
                                               "the Art. 30 records it serves, separated by commas; type to search")

    @staticmethod
    def link_initial(dpa) -> dict:
        return {"contracts": refs_of(dpa.contracts.all()), "activities": refs_of(dpa.activities.all())}

    def link_kwargs(self, data: dict) -> dict:
        data["contracts"] = self.cleaned_data.get("contracts", "")
        data["activities"] = self.cleaned_data.get("activities", "")
        return data


class DpaForm(DpaLinksMixin, ServiceForm):
    model = Dpa
    model_fields = ("relationship", "expires_on", "auto_renews", "renewal_months", "breach_notice_hours",
                    "subprocessor_authorisation", "objection_window_days", "audit_rights", "return_or_delete", "notes")
    ref_fields = {"supplier": ("Supplier (ref)", True, "the supplier's ref on the map, e.g. SUP-00042")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].widget = LookupInput("suppliers")
        self.add_link_fields()

    def service_kwargs(self) -> dict:
        return self.link_kwargs(super().service_kwargs())


class DpaEditForm(DpaLinksMixin, ServiceForm):
    model = Dpa
    model_fields = DpaForm.model_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_link_fields()

    def service_kwargs(self) -> dict:
        return self.link_kwargs(super().service_kwargs())


class DocumentForm(forms.Form):
    file = forms.FileField(help_text=f"PDF, DOCX or plain text, at most {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    purpose = forms.ChoiceField(choices=DocumentPurpose.choices, initial=DocumentPurpose.SENT)


class SignatureForm(forms.Form):
    signed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    effective_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=500)


class AcceptForm(forms.Form):
    signatory_name = forms.CharField(label="Your full name", max_length=200)
    signatory_title = forms.CharField(label="Your position", max_length=200, required=False)
    signatory_email = forms.EmailField(label="Your e-mail")
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(label="I am authorised to accept this agreement for my company and accept it")


class FindingForm(forms.Form):
    status = forms.ChoiceField(choices=FindingStatus.choices)
    note = forms.CharField(max_length=500, required=False)


class ActivityFilterForm(FilterForm):
    our_role = forms.ChoiceField(choices=_choices(OurRole.choices), required=False)
    legal_basis = forms.ChoiceField(choices=_choices(LegalBasis.choices), required=False)


class TransferFilterForm(FilterForm):
    mechanism = forms.ChoiceField(choices=_choices(TransferMechanism.choices), required=False)
    destination = forms.CharField(required=False, max_length=2, label="Destination (ISO code)")
    flagged = forms.BooleanField(required=False, label="Needs attention")


class BreachFilterForm(FilterForm):
    risk = forms.ChoiceField(choices=_choices(BreachRisk.choices), required=False)
    late = forms.BooleanField(required=False, label="Notified after 72 h")


class BulkSendForm(forms.Form):
    template = forms.ModelChoiceField(queryset=None, empty_label=None)
    category = forms.ChoiceField(required=False, label="Supplier category", choices=[("", "any")])
    country = forms.CharField(required=False, max_length=2, label="Supplier country (ISO code)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = DpaTemplate.objects.order_by("code", "-version")
        self.fields["category"].choices = _choices(SupplierCategory.choices)


class AnnounceForm(forms.Form):
    supplier = forms.CharField(required=False, max_length=64, label="Sub-processor's supplier ref (if on the map)")
    name = forms.CharField(required=False, max_length=255, label="Sub-processor's name (if not on the map)")
    service = forms.CharField(max_length=255)
    countries = forms.CharField(required=False, max_length=200, help_text="ISO codes separated by commas, e.g. DE, IN")


class ActivityForm(ServiceForm):
    model = ProcessingActivity
    model_fields = ("ref", "name", "our_role", "controller_name", "purpose", "legal_basis", "special_condition",
                    "recipients", "retention", "security_measures")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_categories"] = forms.MultipleChoiceField(choices=DataCategory.choices, required=False,
                                                                   widget=forms.CheckboxSelectMultiple)
        self.fields["subject_categories"] = forms.MultipleChoiceField(choices=SubjectCategory.choices, required=False,
                                                                      widget=forms.CheckboxSelectMultiple)
        self.fields["countries"] = forms.CharField(required=False, help_text="ISO codes separated by commas")
        self.fields["processors"] = refs_field("Processors (supplier refs)", "suppliers",
                                               "suppliers acting as processors, separated by commas; type a name or ref")
        self.fields["items"] = refs_field("Products and items (refs)", "items", "the map's products and items involved")
        self.fields["framework"] = forms.ModelChoiceField(
            queryset=Framework.objects.order_by("name", "version"), required=False, label="Control framework",
            help_text="Art. 30(1)(g): the framework whose controls implement the measures")
        self.fields["controls"] = refs_field("Controls (ids)", "controls", "control ids of that framework, e.g. ac-2, "
                                             "sc-8; type to search", framework_field="id_framework")

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = super().initial_for(instance)
        controls = list(instance.controls.select_related("framework").order_by("sort_order"))
        initial.update(data_categories=instance.data_categories, subject_categories=instance.subject_categories,
                       countries=", ".join(instance.countries), processors=refs_of(instance.processors.all()),
                       items=refs_of(instance.items.all()), controls=refs_of(controls, "control_id"),
                       framework=controls[0].framework_id if controls else None)
        return initial

    def clean(self):
        cleaned = super().clean()
        ids = [c.strip() for c in (cleaned.get("controls") or "").split(",") if c.strip()]
        framework = cleaned.get("framework")
        if ids and framework is None:
            self.add_error("framework", "choose the framework the controls belong to")
        elif ids:
            found = {c.control_id: c for c in Control.objects.filter(framework=framework, control_id__in=ids)}
            unknown = [i for i in ids if i not in found]
            if unknown:
                self.add_error("controls", f"not controls of {framework}: {', '.join(unknown)}")
            cleaned["control_objects"] = [found[i] for i in ids if i in found]
        return cleaned

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["data_categories"] = self.cleaned_data["data_categories"]
        data["subject_categories"] = self.cleaned_data["subject_categories"]
        data["countries"] = [c for c in self.cleaned_data["countries"].replace(";", ",").split(",") if c.strip()]
        data["processors"] = self.cleaned_data["processors"]
        data["items"] = self.cleaned_data["items"]
        data["controls"] = self.cleaned_data.get("control_objects", [])
        return data


class TransferForm(ServiceForm):
    model = Transfer
    model_fields = ("ref", "origin_country", "destination_country", "mechanism", "recipient_name", "data_description",
                    "derogation")
    ref_fields = {"recipient": ("Recipient (supplier ref)", False, "leave empty and give a name if not on the map")}


class AssessmentForm(ServiceForm):
    model = TransferImpactAssessment
    model_fields = ("assessed_on", "destination_law", "supplementary_measures", "outcome", "next_review_on")


class BreachForm(ServiceForm):
    model = Breach
    model_fields = ("ref", "title", "nature", "aware_at", "occurred_at", "risk", "subjects_approx", "records_approx",
                    "consequences", "measures", "incident_ref")
    ref_fields = {"incident": ("Major incident (ref)", False, "the incident it came out of, e.g. MI-2026-0042; "
                                                              "type to search")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].widget = LookupInput("incidents")


class NotifyAuthorityForm(forms.Form):
    """A plain form that form_page can save: its cleaned data are the service's arguments."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    def add_service_errors(self, exc) -> None:
        for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            self.add_error(name if name in self.fields else None, errors)

    authority = forms.CharField(max_length=200)
    notified_at = forms.DateTimeField(help_text="with its zone, e.g. 2026-03-02T14:00+01:00")
    late_reason = forms.CharField(required=False, widget=forms.Textarea, help_text="required after 72 hours")


class SigningLinkForm(forms.Form):
    email = forms.EmailField(label="Signatory's e-mail")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[("dpas", "Data processing agreements"), ("activities", "Processing activities")])
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX")
    dry_run = forms.BooleanField(required=False, initial=True, label="Dry run: check only, import nothing")
