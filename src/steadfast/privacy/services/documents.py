"""Document versions of an agreement and the Art. 28 checklist read from each one."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.privacy.checklist.checker import check_text, normalise
from steadfast.privacy.checklist.extract import DocumentError, extract_text
from steadfast.privacy.models import ClauseFinding, DocumentPurpose, Dpa, DpaDocument, FindingStatus


def findings_for(document: DpaDocument, normalised: str) -> list[ClauseFinding]:
    """Unsaved findings of the checklist on the document's text."""
    findings = []
    for key, result in check_text(normalised).items():
        passage = result.passage
        findings.append(ClauseFinding(
            document=document, clause=key, found=FindingStatus.PRESENT if result.present else FindingStatus.MISSING,
            passage=passage.text if passage else "", passage_start=passage.start if passage else None,
            passage_end=passage.end if passage else None))
    return findings


def add_document(*, actor, dpa: Dpa, data: bytes, name: str, purpose: str = DocumentPurpose.UPLOAD) -> DpaDocument:
    """Store a new version (PDF, DOCX or text), check it clause by clause, make it current."""
    try:
        kind, raw_text = extract_text(data, name=name)
    except DocumentError as error:
        raise ValidationError({"file": str(error)}) from error
    text = normalise(raw_text)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        Dpa.objects.select_for_update().filter(pk=dpa.pk).first()  # versions are numbered one writer at a time
        version = (dpa.documents.aggregate(last=Max("version"))["last"] or 0) + 1
        document = DpaDocument(dpa=dpa, version=version, purpose=purpose, kind=kind, original_name=name[:255],
                               size=len(data), sha256=sha256, text=text, uploaded_by=actor if _is_user(actor) else None,
                               uploaded_at=timezone.now())
        findings = findings_for(document, text)
        document.clauses_present = sum(f.found == FindingStatus.PRESENT for f in findings)
        document.file.save(name, ContentFile(data), save=False)
        document.full_clean()
        document.save()
        findings = ClauseFinding.objects.bulk_create(findings)
        record_events(actor=actor, events=[
            crud.pending_for("create", document, {k: [None, v] for k, v in crud.snapshot(document).items()}),
            crud.pending_for("check", document, {f.clause: [None, f.found] for f in findings}),
        ])
        crud.update(actor=actor, instance=dpa, current_document=document)
        return document


def confirm_finding(*, actor, finding: ClauseFinding, status: str, note: str = "") -> ClauseFinding:
    """A person's decision on one clause, overriding (or confirming) what the rules found."""
    if status not in FindingStatus.values:
        raise ValidationError({"status": f"choose one of {', '.join(FindingStatus.values)}"})
    if status != finding.found and not note.strip():
        raise ValidationError({"note": "say why you override what the checklist found"})
    with transaction.atomic():
        finding = crud.update(actor=actor, instance=finding, confirmed=status,
                              confirmed_by=actor if _is_user(actor) else None, confirmed_at=timezone.now(),
                              confirmation_note=note.strip())
        document = finding.document
        present = sum((f.confirmed or f.found) == FindingStatus.PRESENT for f in document.findings.all())
        crud.update(actor=actor, instance=document, clauses_present=present)
        return finding


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
