"""The fixed vocabularies of the privacy app (GDPR articles named where they come from)."""

from __future__ import annotations

from django.db import models


class OurRole(models.TextChoices):
    CONTROLLER = "controller", "Controller (Art. 30(1))"
    PROCESSOR = "processor", "Processor (Art. 30(2))"
    JOINT_CONTROLLER = "joint_controller", "Joint controller (Art. 26)"


class LegalBasis(models.TextChoices):
    CONSENT = "6.1.a", "Art. 6(1)(a) consent"
    CONTRACT = "6.1.b", "Art. 6(1)(b) contract"
    LEGAL_OBLIGATION = "6.1.c", "Art. 6(1)(c) legal obligation"
    VITAL_INTERESTS = "6.1.d", "Art. 6(1)(d) vital interests"
    PUBLIC_TASK = "6.1.e", "Art. 6(1)(e) public task"
    LEGITIMATE_INTERESTS = "6.1.f", "Art. 6(1)(f) legitimate interests"


class SpecialCondition(models.TextChoices):
    NONE = "", "None (no special categories)"
    EXPLICIT_CONSENT = "9.2.a", "Art. 9(2)(a) explicit consent"
    EMPLOYMENT = "9.2.b", "Art. 9(2)(b) employment and social security law"
    VITAL_INTERESTS = "9.2.c", "Art. 9(2)(c) vital interests"
    MADE_PUBLIC = "9.2.e", "Art. 9(2)(e) made public by the data subject"
    LEGAL_CLAIMS = "9.2.f", "Art. 9(2)(f) legal claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "9.2.g", "Art. 9(2)(g) substantial public interest"
    OCCUPATIONAL_MEDICINE = "9.2.h", "Art. 9(2)(h) occupational medicine"


class DataCategory(models.TextChoices):
    IDENTIFICATION = "identification", "Identification and contact"
    EMPLOYMENT = "employment", "Employment and HR"
    FINANCIAL = "financial", "Financial and payment"
    ONLINE_IDENTIFIERS = "online_identifiers", "Online identifiers and device data"
    TRAFFIC = "traffic", "Telecom traffic data"
    LOCATION = "location", "Telecom location data"
    SUBSCRIBER = "subscriber", "Subscriber data"
    CONTENT = "content", "Communications content"
    HEALTH = "health", "Health (Art. 9)"
    BIOMETRIC = "biometric", "Biometric (Art. 9)"
    TRADE_UNION = "trade_union", "Trade-union membership (Art. 9)"
    CRIMINAL = "criminal", "Criminal convictions and offences (Art. 10)"


SPECIAL_CATEGORIES = frozenset({DataCategory.HEALTH, DataCategory.BIOMETRIC, DataCategory.TRADE_UNION,
                                DataCategory.CRIMINAL})


class SubjectCategory(models.TextChoices):
    EMPLOYEES = "employees", "Employees and contractors"
    APPLICANTS = "applicants", "Job applicants"
    CUSTOMER_CONTACTS = "customer_contacts", "Customer contacts"
    END_USERS = "end_users", "Customers' subscribers and end users"
    SUPPLIER_CONTACTS = "supplier_contacts", "Supplier contacts"
    VISITORS = "visitors", "Site visitors"
    WEB_USERS = "web_users", "Website and portal users"


class Relationship(models.TextChoices):
    CONTROLLER_PROCESSOR = "controller_processor", "We control → supplier processes (Art. 28(3))"
    PROCESSOR_SUBPROCESSOR = "processor_subprocessor", "We process → supplier sub-processes (Art. 28(4))"
    JOINT_CONTROLLERS = "joint_controllers", "Joint controllers (Art. 26)"


class DpaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent for signature"
    SIGNED = "signed", "Signed"
    ACTIVE = "active", "Active"
    EXPIRING = "expiring", "Expiring"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


SIGNED_STATUSES = frozenset({DpaStatus.SIGNED, DpaStatus.ACTIVE, DpaStatus.EXPIRING, DpaStatus.EXPIRED,
                             DpaStatus.TERMINATED})


class SubprocessorAuthorisation(models.TextChoices):
    SPECIFIC = "specific", "Prior specific authorisation"
    GENERAL = "general", "General authorisation with objection window"


class ReturnOrDelete(models.TextChoices):
    CONTROLLER_CHOICE = "controller_choice", "Return or delete, at our choice"
    RETURN = "return", "Return, then delete copies"
    DELETE = "delete", "Delete and certify"


class TemplateKind(models.TextChoices):
    OWN = "own", "Our own template"
    SCC_2021_915 = "scc_2021_915", "Commission SCC for Art. 28 (Decision (EU) 2021/915)"


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    TEXT = "text", "Plain text"


class DocumentPurpose(models.TextChoices):
    SENT = "sent", "Version sent for signature"
    SIGNED_COPY = "signed_copy", "Signed copy"
    UPLOAD = "upload", "Uploaded agreement"


class FindingStatus(models.TextChoices):
    PRESENT = "present", "Present"
    MISSING = "missing", "Missing"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class SubprocessorStatus(models.TextChoices):
    AUTHORISED = "authorised", "Authorised"
    PROPOSED = "proposed", "Change announced"
    OBJECTED = "objected", "Objected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class TransferMechanism(models.TextChoices):
    ADEQUACY = "adequacy", "Adequacy decision (Art. 45)"
    SCC_MODULE_1 = "scc_m1", "SCC 2021/914 module 1 (C2C)"
    SCC_MODULE_2 = "scc_m2", "SCC 2021/914 module 2 (C2P)"
    SCC_MODULE_3 = "scc_m3", "SCC 2021/914 module 3 (P2P)"
    SCC_MODULE_4 = "scc_m4", "SCC 2021/914 module 4 (P2C)"
    BCR = "bcr", "Binding corporate rules (Art. 47)"
    DEROGATION = "art49", "Art. 49 derogation"
    NONE = "none", "No mechanism recorded"


# Mechanisms under which a transfer impact assessment is expected (Schrems II, EDPB Rec. 01/2020).
NEEDS_TIA = frozenset({TransferMechanism.SCC_MODULE_1, TransferMechanism.SCC_MODULE_2, TransferMechanism.SCC_MODULE_3,
                       TransferMechanism.SCC_MODULE_4, TransferMechanism.BCR})


class TiaOutcome(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    PROCEED_WITH_MEASURES = "proceed_with_measures", "Proceed with supplementary measures"
    SUSPEND = "suspend", "Suspend the transfer"


def values(choices) -> list[str]:
    # A set is sorted: its order changes from process to process, and so would the migrations.
    if isinstance(choices, set | frozenset):
        return sorted(c.value for c in choices)
    return [c.value for c in choices]
