"""Findings: gaps from assessments and exploited vulnerabilities from SBOM/KEV, with remediation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from steadfast.core.models import TimeStampedModel

from ._checks import choice_check


class FindingSource(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    KEV = "kev", "Known exploited vulnerability"
    MANUAL = "manual", "Analyst"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    REMEDIATION_PLANNED = "remediation_planned", "Remediation planned"
    VERIFIED_CLOSED = "verified_closed", "Verified and closed"
    RISK_ACCEPTED = "risk_accepted", "Risk accepted"
    EXCEPTION = "exception", "Exception"


OPEN_STATUSES = (FindingStatus.OPEN, FindingStatus.REMEDIATION_PLANNED)
ACCEPTANCE_STATUSES = (FindingStatus.RISK_ACCEPTED, FindingStatus.EXCEPTION)


class Finding(TimeStampedModel):
    Source = FindingSource
    Severity = Severity
    Status = FindingStatus

    supplier = models.ForeignKey("network.Supplier", on_delete=models.PROTECT, related_name="security_findings")
    assessment = models.ForeignKey("security.Assessment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="findings")
    question = models.ForeignKey("security.Question", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="findings")
    source = models.CharField(max_length=16, choices=Source.choices, db_index=True)
    severity = models.CharField(max_length=16, choices=Severity.choices, db_index=True)
    title = models.CharField(max_length=500)
    detail = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.OPEN, db_index=True)
    cve = models.CharField("CVE", max_length=32, blank=True, db_index=True)
    required_action = models.TextField(blank=True)
    remediation_plan = models.TextField(blank=True)
    remediation_due = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField(blank=True, help_text="why it was closed: what was verified")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="verified_findings")
    acceptance_approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="accepted_findings")
    acceptance_reason = models.TextField(blank=True)
    acceptance_expires = models.DateField(null=True, blank=True)
    # The day the supplier's contacts were last reminded of this finding (due soon or overdue).
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            choice_check("finding_source_valid", "source", FindingSource),
            choice_check("finding_severity_valid", "severity", Severity),
            choice_check("finding_status_valid", "status", FindingStatus),
            # A KEV finding names its CVE; one finding per supplier and CVE however many SBOMs show it.
            models.CheckConstraint(name="finding_kev_has_cve", condition=~Q(source=FindingSource.KEV) | ~Q(cve="")),
            models.UniqueConstraint(name="finding_kev_unique_per_supplier", fields=["supplier", "cve"],
                                    condition=Q(source=FindingSource.KEV)),
            models.UniqueConstraint(name="finding_assessment_question_unique", fields=["assessment", "question"],
                                    condition=Q(source=FindingSource.ASSESSMENT, question__isnull=False)),
            # Accepting a risk needs an approver, a reason and an expiry.
            models.CheckConstraint(
                name="finding_acceptance_complete",
                condition=~Q(status__in=ACCEPTANCE_STATUSES)
                | (Q(acceptance_approver__isnull=False) & ~Q(acceptance_reason="") & Q(acceptance_expires__isnull=False)),
            ),
            models.CheckConstraint(name="finding_closed_has_time",
                                   condition=~Q(status=FindingStatus.VERIFIED_CLOSED) | Q(closed_at__isnull=False)),
            models.CheckConstraint(name="finding_closed_has_note",
                                   condition=~Q(status=FindingStatus.VERIFIED_CLOSED) | ~Q(closure_note="")),
        ]
        indexes = [models.Index(fields=["supplier", "status"]), models.Index(fields=["status", "severity"])]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"finding {self.pk} {self.title[:80]}"


class AcceptanceDecision(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Accepting a risk of these severities needs a second person's approval.
SECOND_APPROVAL_SEVERITIES = (Severity.CRITICAL, Severity.HIGH)


class RiskAcceptance(TimeStampedModel):
    """A request to carry a finding's risk (or grant an exception) until `expires`, and its decision.
    Critical and high findings wait for a second person (never the requester) to approve."""

    Decision = AcceptanceDecision

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="acceptances")
    kind = models.CharField(max_length=32, choices=[(s.value, s.label) for s in ACCEPTANCE_STATUSES])
    reason = models.TextField()
    expires = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="requested_acceptances")
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="decided_acceptances")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="acceptance_kind_valid", condition=Q(kind__in=[s.value for s in ACCEPTANCE_STATUSES])),
            choice_check("acceptance_decision_valid", "decision", AcceptanceDecision),
            models.CheckConstraint(name="acceptance_has_reason", condition=~Q(reason="")),
            # Nobody approves their own request.
            models.CheckConstraint(name="acceptance_decider_not_requester",
                                   condition=Q(decided_by__isnull=True) | Q(requested_by__isnull=True)
                                   | ~Q(decided_by=F("requested_by"))),
            models.CheckConstraint(name="acceptance_decided_has_time",
                                   condition=Q(decision=AcceptanceDecision.PENDING) | Q(decided_at__isnull=False)),
            models.CheckConstraint(name="acceptance_rejected_has_note",
                                   condition=~Q(decision=AcceptanceDecision.REJECTED) | ~Q(decision_note="")),
            models.UniqueConstraint(name="acceptance_one_pending_per_finding", fields=["finding"],
                                    condition=Q(decision=AcceptanceDecision.PENDING)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for finding {self.finding_id}"

    def audit_label(self) -> str:
        return f"acceptance {self.pk} of finding {self.finding_id} ({self.decision})"
