"""Send a DPA template to many suppliers at once (e.g. every processor without an active DPA).

Bulk inserts, as the per-object services would take minutes for thousands: the template is
rendered and checked once, each agreement gets its own document row pointing at that one file
(same bytes, same SHA-256), and every agreement's creation and sending is one audit event each,
written with record_events in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.network.models import Supplier
from steadfast.privacy.checklist.checker import normalise
from steadfast.privacy.models import ClauseFinding, Dpa, DpaDocument, DpaTemplate
from steadfast.privacy.services.agreements import next_ref
from steadfast.privacy.services.documents import findings_for

BATCH = 1000
LIVE_OR_PENDING = ("draft", "sent", "signed", "active", "expiring")


def suppliers_without_dpa(*, category: str = "", country: str = "") -> QuerySet[Supplier]:
    """Suppliers that are active or onboarding and hold no agreement that is live or in progress."""
    qs = Supplier.objects.filter(status__in=("active", "onboarding")).exclude(dpas__status__in=LIVE_OR_PENDING)
    if category:
        qs = qs.filter(category=category)
    if country:
        qs = qs.filter(country=country.upper())
    return qs.order_by("ref")


def send_template(*, actor, template: DpaTemplate, supplier_ids: list[int], objection_window_days: int = 30,
                  breach_notice_hours: int = 48, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Create and send one agreement per supplier; all or nothing. Returns how many were sent."""
    if not supplier_ids:
        raise ValidationError({"suppliers": "no supplier matches: nothing to send"})
    report = progress or (lambda done, total, message: None)
    data = template.body.encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    text = normalise(template.body)
    name = f"{template.code}-v{template.version}.txt"
    checked = findings_for(DpaDocument(), text)
    present = sum(f.found == "present" for f in checked)
    now = timezone.now()
    total = len(supplier_ids)
    with transaction.atomic():
        stored = default_storage.save(f"privacy/templates/{sha256}.txt", ContentFile(data))
        first = next_ref()
        prefix, start = first.rsplit("-", 1)[0], int(first.rsplit("-", 1)[1])
        sent = 0
        for offset in range(0, total, BATCH):
            chunk = supplier_ids[offset:offset + BATCH]
            dpas = [Dpa(ref=f"{prefix}-{start + offset + i:05d}", supplier_id=supplier_id, template=template,
                        status="sent", objection_window_days=objection_window_days,
                        breach_notice_hours=breach_notice_hours) for i, supplier_id in enumerate(chunk)]
            Dpa.objects.bulk_create(dpas)
            documents = DpaDocument.objects.bulk_create([
                DpaDocument(dpa=dpa, version=1, purpose="sent", kind="text", file=stored, original_name=name,
                            size=len(data), sha256=sha256, text=text, uploaded_by=actor if _is_user(actor) else None,
                            uploaded_at=now, clauses_present=present) for dpa in dpas])
            ClauseFinding.objects.bulk_create([
                ClauseFinding(document=document, clause=f.clause, found=f.found, passage=f.passage,
                              passage_start=f.passage_start, passage_end=f.passage_end)
                for document in documents for f in checked])
            Dpa.objects.filter(pk__in=[d.pk for d in dpas]).update(current_document=Subquery(
                DpaDocument.objects.filter(dpa=OuterRef("pk"), version=1).values("pk")[:1]))
            record_events(actor=actor, events=[
                crud.pending_for("create", dpa, {"supplier_id": [None, dpa.supplier_id], "template_id": [None, template.pk],
                                                 "status": [None, "sent"], "sha256": [None, sha256]})
                for dpa in dpas])
            sent += len(dpas)
            report(sent, total, f"{sent:,} of {total:,} agreements sent")
    return sent


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
