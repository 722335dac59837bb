"""The business map: suppliers → sites → items → products → customer networks.

Every rule that can live in the database does (unique refs, ranges, foreign keys); services add
the rules that need a query (BOM cycles, tier parents) and record the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.core.validators import COUNTRY_CODES, validate_country, validate_subdivision
from steadfast.network.identifiers import validate_lei

ref_validator = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$", "letters, digits and . _ / - only (max 64)")


def _country_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(name=name, condition=Q(country__in=COUNTRY_CODES))


class SupplierCategory(models.TextChoices):
    COMPONENTS = "components", "Components"
    MANUFACTURING = "manufacturing_services", "Manufacturing services"
    LOGISTICS = "logistics", "Logistics"
    SOFTWARE = "software", "Software"
    CLOUD = "cloud_it_services", "Cloud / IT services"
    PROFESSIONAL = "professional_services", "Professional services"


class SupplierStatus(models.TextChoices):
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    EXITED = "exited", "Exited"


class SiteKind(models.TextChoices):
    FACTORY = "factory", "Factory"
    WAREHOUSE = "warehouse", "Warehouse"
    DATA_CENTRE = "data_centre", "Data centre"
    OFFICE = "office", "Office"
    PORT = "port", "Port"


class ItemKind(models.TextChoices):
    RAW_MATERIAL = "raw_material", "Raw material"
    COMPONENT = "component", "Component"
    ASSEMBLY = "assembly", "Assembly"
    SOFTWARE = "software", "Software"
    SERVICE = "service", "Service"
    PRODUCT = "product", "Product"


class ItemSourceStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    QUALIFYING = "qualifying", "Qualifying"
    PHASED_OUT = "phased_out", "Phased out"


class CustomerSegment(models.TextChoices):
    TIER1_OPERATOR = "tier1_operator", "Tier-1 operator"
    REGIONAL_OPERATOR = "regional_operator", "Regional operator"
    ENTERPRISE = "enterprise", "Enterprise"
    PUBLIC_SECTOR = "public_sector", "Public sector"
    UTILITY = "utility", "Utility"


class CustomerNetworkKind(models.TextChoices):
    MOBILE = "mobile", "Mobile"
    FIXED = "fixed", "Fixed"
    CORE = "core", "Core"
    TRANSPORT = "transport", "Transport"
    ENTERPRISE = "enterprise", "Enterprise"


class CustomerNetworkCriticality(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    CRITICAL = 4, "Critical (national infrastructure)"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"



class Supplier(TimeStampedModel):
    Category = SupplierCategory

    Status = SupplierStatus

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    legal_name = models.CharField(max_length=255, db_index=True)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    duns = models.CharField("DUNS", max_length=9, blank=True, validators=[RegexValidator(r"^\d{9}$", "DUNS is 9 digits")])
    lei = models.CharField("LEI", max_length=20, blank=True, validators=[validate_lei])
    vat = models.CharField("VAT number", max_length=32, blank=True)
    tier = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(9)], db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_suppliers",
                               help_text="for tier 2+: the supplier this one supplies through")
    category = models.CharField(max_length=32, choices=Category.choices, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            _country_check("supplier_country_iso"),
            models.CheckConstraint(name="supplier_tier_range", condition=Q(tier__gte=1, tier__lte=9)),
            models.CheckConstraint(name="supplier_tier_parent",
                                   condition=(Q(tier=1) & Q(parent__isnull=True)) | (Q(tier__gte=2) & Q(parent__isnull=False))),
            models.CheckConstraint(name="supplier_not_own_parent", condition=~Q(parent=F("id"))),
            models.CheckConstraint(name="supplier_category_valid", condition=Q(category__in=[c.value for c in SupplierCategory])),
            models.CheckConstraint(name="supplier_status_valid", condition=Q(status__in=[c.value for c in SupplierStatus])),
            models.UniqueConstraint(name="supplier_duns_unique", fields=["duns"], condition=~Q(duns="")),
            models.UniqueConstraint(name="supplier_lei_unique", fields=["lei"], condition=~Q(lei="")),
        ]
        indexes = [models.Index(fields=["country", "tier"]), models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return self.legal_name

    def audit_label(self) -> str:
        return f"{self.ref} {self.legal_name}"

    def get_absolute_url(self) -> str:
        return reverse("network:supplier", args=[self.pk])


class SupplierContact(TimeStampedModel):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    role = models.CharField(max_length=100, blank=True, help_text="e.g. security, privacy, account manager")

    class Meta:
        ordering = ["supplier", "name"]
        constraints = [models.UniqueConstraint(name="contact_unique_email_per_supplier", fields=["supplier", "email"])]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Site(TimeStampedModel):
    Kind = SiteKind

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    owner_supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="sites",
                                       help_text="blank = our own company")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    subdivision = models.CharField(max_length=8, blank=True, validators=[validate_subdivision], help_text="ISO 3166-2")
    city = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    ttr_days = models.FloatField("time to recover (days)", null=True, blank=True, validators=[MinValueValidator(0.01)])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            _country_check("site_country_iso"),
            models.CheckConstraint(name="site_latitude_range", condition=Q(latitude__gte=-90, latitude__lte=90)),
            models.CheckConstraint(name="site_longitude_range", condition=Q(longitude__gte=-180, longitude__lte=180)),
            models.CheckConstraint(name="site_ttr_positive", condition=Q(ttr_days__isnull=True) | Q(ttr_days__gt=0)),
            models.CheckConstraint(name="site_kind_valid", condition=Q(kind__in=[c.value for c in SiteKind])),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"

    def audit_label(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("network:site", args=[self.pk])

    @property
    def owner_label(self) -> str:
        return self.owner_supplier.legal_name if self.owner_supplier_id else "our own company"


class Item(TimeStampedModel):
    Kind = ItemKind

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    name = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    unit = models.CharField(max_length=16, default="each")
    unit_cost = models.DecimalField(max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    demand_per_day = models.FloatField(default=0, validators=[MinValueValidator(0)], help_text="products only")
    margin_per_unit = models.DecimalField(max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)],
                                          help_text="products only")

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.CheckConstraint(name="item_kind_valid", condition=Q(kind__in=[c.value for c in ItemKind])),
            models.CheckConstraint(name="item_unit_cost_nonnegative", condition=Q(unit_cost__gte=0)),
            models.CheckConstraint(name="item_demand_nonnegative", condition=Q(demand_per_day__gte=0)),
            models.CheckConstraint(name="item_margin_nonnegative", condition=Q(margin_per_unit__gte=0)),
            # Only products face external demand.
            models.CheckConstraint(name="item_demand_only_products", condition=Q(kind="product") | Q(demand_per_day=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"

    def audit_label(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("network:item", args=[self.pk])


class ItemSource(TimeStampedModel):
    """An approved source: one item made or held at one site. The continuity engine's node."""

    Status = ItemSourceStatus

    ref = models.CharField(max_length=130, unique=True, validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._/@-]{0,129}$")])
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="sources")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sources")
    capacity_per_day = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)], help_text="blank = unlimited")
    inventory = models.FloatField(default=0, validators=[MinValueValidator(0)])
    lead_time_days = models.FloatField(default=0, validators=[MinValueValidator(0)])
    ttr_days = models.FloatField("time to recover (days)", null=True, blank=True, validators=[MinValueValidator(0.01)],
                                 help_text="overrides the site's")
    share = models.FloatField(default=1, validators=[MinValueValidator(0), MaxValueValidator(1)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPROVED, db_index=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.UniqueConstraint(name="source_item_site_unique", fields=["item", "site"]),
            models.CheckConstraint(name="source_capacity_nonnegative", condition=Q(capacity_per_day__isnull=True) | Q(capacity_per_day__gte=0)),
            models.CheckConstraint(name="source_inventory_nonnegative", condition=Q(inventory__gte=0)),
            models.CheckConstraint(name="source_lead_time_nonnegative", condition=Q(lead_time_days__gte=0)),
            models.CheckConstraint(name="source_ttr_positive", condition=Q(ttr_days__isnull=True) | Q(ttr_days__gt=0)),
            models.CheckConstraint(name="source_share_range", condition=Q(share__gte=0, share__lte=1)),
            models.CheckConstraint(name="source_status_valid", condition=Q(status__in=[c.value for c in ItemSourceStatus])),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def effective_ttr_days(self) -> float | None:
        return self.ttr_days if self.ttr_days is not None else self.site.ttr_days


class BomLine(TimeStampedModel):
    parent = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bom_children")
    child = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="bom_parents")
    quantity = models.FloatField(validators=[MinValueValidator(0)], help_text="units of child per unit of parent")

    class Meta:
        ordering = ["parent", "child"]
        constraints = [
            models.UniqueConstraint(name="bom_parent_child_unique", fields=["parent", "child"]),
            models.CheckConstraint(name="bom_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(name="bom_no_self_loop", condition=~Q(parent=F("child"))),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} ← {self.quantity} × {self.child_id}"

    def audit_label(self) -> str:
        return f"BOM {self.parent.ref} ← {self.quantity} × {self.child.ref}"


class Customer(TimeStampedModel):
    Segment = CustomerSegment

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    name = models.CharField(max_length=255, db_index=True)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    segment = models.CharField(max_length=32, choices=Segment.choices, default=Segment.REGIONAL_OPERATOR)

    class Meta:
        ordering = ["ref"]
        constraints = [
            _country_check("customer_country_iso"),
            models.CheckConstraint(name="customer_segment_valid", condition=Q(segment__in=[c.value for c in CustomerSegment])),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("network:customer", args=[self.pk])


class CustomerNetwork(TimeStampedModel):
    Kind = CustomerNetworkKind

    Criticality = CustomerNetworkCriticality

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(max_length=255)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    subscribers = models.PositiveBigIntegerField(default=0)
    criticality = models.PositiveSmallIntegerField(choices=Criticality.choices, default=Criticality.MEDIUM)
    restore_target_hours = models.FloatField(default=4, validators=[MinValueValidator(0.01)])

    class Meta:
        ordering = ["ref"]
        constraints = [
            _country_check("network_country_iso"),
            models.CheckConstraint(name="network_kind_valid", condition=Q(kind__in=[c.value for c in CustomerNetworkKind])),
            models.CheckConstraint(name="network_criticality_range", condition=Q(criticality__gte=1, criticality__lte=4)),
            models.CheckConstraint(name="network_restore_positive", condition=Q(restore_target_hours__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"

    def audit_label(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("network:network", args=[self.pk])


class Deployment(TimeStampedModel):
    """A product installed in a customer network."""

    network = models.ForeignKey(CustomerNetwork, on_delete=models.CASCADE, related_name="deployments")
    product = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="deployments")
    installed_quantity = models.PositiveIntegerField(default=1)
    annual_revenue = models.DecimalField(max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["network", "product"]
        constraints = [
            models.UniqueConstraint(name="deployment_network_product_unique", fields=["network", "product"]),
            models.CheckConstraint(name="deployment_revenue_nonnegative", condition=Q(annual_revenue__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} in {self.network_id}"

    def audit_label(self) -> str:
        return f"{self.product.ref} in {self.network.ref}"


class Contract(TimeStampedModel):
    Status = ContractStatus

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=255)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    auto_renewal = models.BooleanField(default=False)
    notice_days = models.PositiveIntegerField(default=90)
    value = models.DecimalField(max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.CheckConstraint(name="contract_dates_ordered", condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date"))),
            models.CheckConstraint(name="contract_value_nonnegative", condition=Q(value__gte=0)),
            models.CheckConstraint(name="contract_status_valid", condition=Q(status__in=[c.value for c in ContractStatus])),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.ref})"

    def audit_label(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("network:contract", args=[self.pk])
