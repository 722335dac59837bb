"""SBOM components matched to KEV entries, each match raising (or joining) a finding.

A component yields candidates from its CPE (cpe:2.3:part:vendor:product:...), its package URL
(namespace segments as vendors, name as product) and its group/supplier and name; a candidate matches a
KEV entry when one of its vendor keys equals one of the entry's and one of its product keys equals one
of the entry's (see normalise.py). KEV lists products, not affected version ranges, so a match says
"this component is a product with a known exploited vulnerability": the supplier confirms the version.
One finding per supplier and CVE, however many components or SBOMs show it. The contacts of each
supplier with new findings get one email per run listing them (finding_notices.py); a run that
raises no new finding sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from packageurl import PackageURL

from steadfast.core.services.crud import pending_for, record_events
from steadfast.security.models import Finding, KevEntry, KevMatch, SbomComponent
from steadfast.security.services.finding_notices import notify_signal_findings
from steadfast.security.services.normalise import key, product_keys, vendor_keys
from steadfast.security.services.tiering import recompute_tiers

# Namespace segments that never name a vendor (reverse-DNS prefixes, hosting sites).
NOT_VENDORS = frozenset({"org", "com", "net", "io", "dev", "co", "uk", "de", "github", "gitlab", "bitbucket", "www"})
DUE_DAYS = {"critical": 30, "high": 60, "medium": 90, "low": 180}


def _cpe_parts(cpe: str) -> tuple[str, str] | None:
    if cpe.startswith("cpe:2.3:"):
        fields = cpe.split(":")
        if len(fields) >= 5 and fields[3] not in ("*", "-") and fields[4] not in ("*", "-"):
            return fields[3].replace("_", " ").replace("\\", ""), fields[4].replace("_", " ").replace("\\", "")
    if cpe.startswith("cpe:/"):
        fields = cpe[5:].split(":")
        if len(fields) >= 3:
            return fields[1].replace("_", " "), fields[2].replace("_", " ")
    return None


def _purl_parts(purl: str) -> tuple[set[str], str] | None:
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return None
    vendors = set()
    for segment in (parsed.namespace or "").replace("/", ".").split("."):
        if segment and segment.lower() not in NOT_VENDORS:
            vendors |= vendor_keys(segment)
    return vendors, parsed.name


def candidates(*, name: str, group: str, purl: str, cpe: str) -> list[tuple[str, set[str], str]]:
    """(method, vendor keys, product name) in order of trust."""
    found = []
    if cpe and (parts := _cpe_parts(cpe)):
        found.append((KevMatch.Method.CPE, vendor_keys(parts[0]), parts[1]))
    if purl and (parts := _purl_parts(purl)):
        found.append((KevMatch.Method.PURL, parts[0] | (vendor_keys(group) if group else set()), parts[1]))
    if group:
        found.append((KevMatch.Method.NAME, vendor_keys(group), name))
    return found


def component_keys(*, name: str, group: str, purl: str, cpe: str) -> tuple[str, str]:
    """The component's best vendor and product key, stored for filtering and display."""
    for _, vendors, product in candidates(name=name, group=group, purl=purl, cpe=cpe):
        if vendors:
            return sorted(vendors)[0], key(product)
    return "", key(name)


class KevIndex:
    def __init__(self, entries: Iterable[KevEntry]):
        self.by_vendor: dict[str, list[tuple[frozenset[str], KevEntry]]] = defaultdict(list)
        for entry in entries:
            products = frozenset(product_keys(entry.product))
            if not products:
                continue  # "Multiple Products": nothing to match on
            for vendor in vendor_keys(entry.vendor_project):
                self.by_vendor[vendor].append((products, entry))

    def match(self, component: SbomComponent) -> dict[int, tuple[str, KevEntry]]:
        matched: dict[int, tuple[str, KevEntry]] = {}
        for method, vendors, product in candidates(name=component.name, group=component.group,
                                                   purl=component.purl, cpe=component.cpe):
            for vendor in vendors & self.by_vendor.keys():
                wanted = product_keys(product, vendor=vendor)
                for products, entry in self.by_vendor[vendor]:
                    if entry.pk not in matched and wanted & products:
                        matched[entry.pk] = (method, entry)
        return matched


def finding_due_date(entry: KevEntry, severity: str, today: dt.date) -> dt.date:
    """CISA's due date while it is still ahead; past it, the severity's window from today."""
    return entry.due_date if entry.due_date >= today else today + dt.timedelta(days=DUE_DAYS[severity])


def match_components(*, actor, components: QuerySet[SbomComponent]) -> int:
    """Create the missing matches (and findings) for these components; returns the matches added."""
    index = KevIndex(KevEntry.objects.all())
    if not index.by_vendor:
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        known = set(KevMatch.objects.filter(component__in=components).values_list("component_id", "kev_entry_id"))
        pending: list[tuple[SbomComponent, str, KevEntry]] = []
        for component in components.select_related("sbom").iterator(chunk_size=2000):
            for entry_id, (method, entry) in index.match(component).items():
                if (component.pk, entry_id) not in known:
                    pending.append((component, method, entry))
        if not pending:
            return 0
        findings, new = _findings_for(actor=actor, pending=pending, today=today)
        KevMatch.objects.bulk_create([
            KevMatch(component=component, kev_entry=entry, method=method,
                     finding=findings[(component.sbom.supplier_id, entry.cve_id)])
            for component, method, entry in pending
        ], batch_size=1000)
        if new:
            notify_signal_findings(actor=actor, findings=new)
            # A known-exploited vulnerability raises the supplier's tier and brings its reassessment forward.
            recompute_tiers(actor=actor, supplier_ids={finding.supplier_id for finding in new})
    return len(pending)


def _findings_for(*, actor, pending, today: dt.date) -> tuple[dict[tuple[int, str], Finding], list[Finding]]:
    """The finding of every (supplier, CVE) matched, creating those missing; also returns the new ones."""
    wanted = {(component.sbom.supplier_id, entry.cve_id): (component, entry) for component, _, entry in pending}
    suppliers = {supplier for supplier, _ in wanted}
    findings = {(f.supplier_id, f.cve): f for f in Finding.objects.filter(
        source=Finding.Source.KEV, supplier_id__in=suppliers, cve__in={cve for _, cve in wanted})}
    new = []
    for (supplier_id, cve), (component, entry) in wanted.items():
        if (supplier_id, cve) in findings:
            continue
        severity = Finding.Severity.CRITICAL if entry.ransomware else Finding.Severity.HIGH
        new.append(Finding(
            supplier_id=supplier_id, source=Finding.Source.KEV, severity=severity, cve=cve,
            title=f"{cve}: {entry.vulnerability_name}"[:500],
            detail=(f"SBOM component {component.name} {component.version} ({component.purl or component.cpe or 'no purl/CPE'}) "
                    f"is {entry.vendor_project} {entry.product}, listed in the CISA KEV catalog since "
                    f"{entry.date_added:%Y-%m-%d} (CISA due date {entry.due_date:%Y-%m-%d}; known ransomware use: "
                    f"{entry.known_ransomware_use}). Confirm whether the shipped version is affected.\n\n"
                    f"{entry.short_description}"),
            required_action=entry.required_action, due_date=finding_due_date(entry, severity, today),
        ))
    Finding.objects.bulk_create(new)
    if new:
        created = Finding.objects.filter(source=Finding.Source.KEV, supplier_id__in=suppliers,
                                         cve__in={f.cve for f in new})
        for finding in created:
            findings[(finding.supplier_id, finding.cve)] = finding
        record_events(actor=actor, events=[pending_for("create", findings[(f.supplier_id, f.cve)], {
            "source": [None, "kev"], "cve": [None, f.cve], "severity": [None, f.severity],
            "supplier_id": [None, f.supplier_id]}) for f in new])
    return findings, [findings[(f.supplier_id, f.cve)] for f in new]


def rematch_all(*, actor) -> int:
    """Re-run matching for every stored component (after a KEV import)."""
    return match_components(actor=actor, components=SbomComponent.objects.all())


def rematch_sbom(*, actor, sbom) -> int:
    return match_components(actor=actor, components=SbomComponent.objects.filter(sbom=sbom))
