"""Forms for the map pages. They only parse input; the services validate and write.

References to other records are typed as refs (a select of 100,000 suppliers is no use), and are
named like the service arguments so that a service's ValidationError lands on the right field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from steadfast.core.validators import COUNTRY_CODES
from steadfast.network.models import (
    BomLine,
    Contract,
    ContractStatus,
    Customer,
    CustomerNetwork,
    CustomerNetworkKind,
    CustomerSegment,
    Deployment,
    Item,
    ItemKind,
    ItemSource,
    Site,
    SiteKind,
    Supplier,
    SupplierCategory,
    SupplierContact,
    SupplierStatus,
)


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ServiceForm(forms.Form):
    """A form over some model fields plus ref fields; `service_kwargs()` feeds a service call."""

    model: type = None
    model_fields: tuple[str, ...] = ()
    ref_fields: dict[str, tuple[str, bool, str]] = {}  # name → (label, required, help text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        generated = forms.fields_for_model(self.model, fields=self.model_fields, formfield_callback=_formfield)
        for name in self.model_fields:
            field = generated[name]
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            self.fields[name] = field
        for name, (label, required, help_text) in self.ref_fields.items():
            self.fields[name] = forms.CharField(label=label, required=required, help_text=help_text, max_length=130)

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = {name: getattr(instance, name) for name in cls.model_fields}
        for name in cls.ref_fields:
            target = getattr(instance, name, None)
            initial[name] = getattr(target, "ref", "") if target is not None else ""
        return initial

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in (*self.model_fields, *self.ref_fields)}
        for name in self.ref_fields:
            data[name] = (data[name] or "").strip() or None
        for name, value in data.items():  # blank optional text stays "", blank optional numbers None
            if value is None and name in self.model_fields and isinstance(self.fields[name], forms.CharField):
                data[name] = ""
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            self.add_error(field if field in self.fields else None, errors)


class SupplierForm(ServiceForm):
    model = Supplier
    model_fields = ("ref", "legal_name", "country", "tier", "category", "status", "duns", "lei", "vat", "website", "notes")
    ref_fields = {"parent": ("Supplies through (supplier ref)", False, "Tier 2 and below: the supplier this one supplies through.")}


class ContactForm(ServiceForm):
    model = SupplierContact
    model_fields = ("name", "email", "role")


class ContractForm(ServiceForm):
    model = Contract
    model_fields = ("ref", "title", "start_date", "end_date", "auto_renewal", "notice_days", "value", "currency", "status")
    ref_fields = {"supplier": ("Supplier ref", True, ""), "owner": ("Owner (username)", False, "")}

    @classmethod
    def initial_for(cls, instance) -> dict:
        initial = super().initial_for(instance)
        initial["owner"] = instance.owner.username if instance.owner_id else ""
        return initial

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["owner"] = data["owner"] or ""
        return data


class SiteForm(ServiceForm):
    model = Site
    model_fields = ("ref", "name", "kind", "country", "subdivision", "city", "latitude", "longitude", "ttr_days", "notes")
    ref_fields = {"owner_supplier": ("Owner (supplier ref)", False, "Blank = our own company.")}


class ItemForm(ServiceForm):
    model = Item
    model_fields = ("ref", "name", "kind", "unit", "unit_cost", "demand_per_day", "margin_per_unit")


class SourceForm(ServiceForm):
    model = ItemSource
    model_fields = ("capacity_per_day", "inventory", "lead_time_days", "ttr_days", "share", "status")
    ref_fields = {"item": ("Item ref", True, ""), "site": ("Site ref", True, "")}


class BomForm(ServiceForm):
    model = BomLine
    model_fields = ("quantity",)
    ref_fields = {"parent": ("Parent item ref", True, ""), "child": ("Child item ref", True, "")}


class CustomerForm(ServiceForm):
    model = Customer
    model_fields = ("ref", "name", "country", "segment")


class NetworkForm(ServiceForm):
    model = CustomerNetwork
    model_fields = ("ref", "name", "country", "kind", "subscribers", "criticality", "restore_target_hours")
    ref_fields = {"customer": ("Customer ref", True, "")}


class DeploymentForm(ServiceForm):
    model = Deployment
    model_fields = ("installed_quantity", "annual_revenue")
    ref_fields = {"network": ("Network ref", True, ""), "product": ("Product ref", True, "An item of kind product.")}


# --- list filters --------------------------------------------------------------------------------

def _choices(choices) -> list[tuple[str, str]]:
    return [("", "any"), *[(str(v), label) for v, label in choices]]


COUNTRY_CHOICES = [("", "any"), *[(c, c) for c in COUNTRY_CODES]]
TIER_CHOICES = [("", "any"), *[(str(t), f"tier {t}") for t in range(1, 5)]]


class FilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")

    def value(self, name: str):
        if not self.is_bound or not self.is_valid():
            return None
        value = self.cleaned_data.get(name)
        return value if value not in ("", None) else None


class SupplierFilterForm(FilterForm):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    tier = forms.TypedChoiceField(choices=TIER_CHOICES, coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(choices=_choices(SupplierCategory.choices), required=False)
    status = forms.ChoiceField(choices=_choices(SupplierStatus.choices), required=False)


class SiteFilterForm(FilterForm):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    kind = forms.ChoiceField(choices=_choices(SiteKind.choices), required=False)
    tier = forms.TypedChoiceField(choices=TIER_CHOICES, coerce=int, required=False, empty_value=None,
                                  label="Owner's tier")


class ItemFilterForm(FilterForm):
    kind = forms.ChoiceField(choices=_choices(ItemKind.choices), required=False)


class CustomerFilterForm(FilterForm):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    segment = forms.ChoiceField(choices=_choices(CustomerSegment.choices), required=False)


class NetworkFilterForm(FilterForm):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    kind = forms.ChoiceField(choices=_choices(CustomerNetworkKind.choices), required=False)


class ContractFilterForm(FilterForm):
    status = forms.ChoiceField(choices=_choices(ContractStatus.choices), required=False)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False, label="Supplier country")
