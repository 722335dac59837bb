"""The privacy demo on a small map: every state, real documents, some clauses missing."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from steadfast.privacy.models import ClauseFinding, Dpa, DpaDocument, Transfer


def test_privacy_demo_loads_every_state_with_checked_documents(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("demo", seed=3, scale=0.02, audit="summary")
    call_command("privacy_demo", seed=3, scale=0.02)
    statuses = set(Dpa.objects.values_list("status", flat=True))
    assert statuses == {"active", "signed", "expiring", "expired", "terminated", "sent", "draft"}
    assert not Dpa.objects.filter(status="signed", effective_on__lte=dt.date.today()).exists()
    assert not Dpa.objects.filter(status="active", expires_on__lte=dt.date.today()).exists()
    assert DpaDocument.objects.count() == Dpa.objects.count()
    assert set(DpaDocument.objects.values_list("kind", flat=True)) >= {"pdf", "docx"}
    document = DpaDocument.objects.filter(kind="pdf").first()
    assert document.file.read()[:5] == b"%PDF-"
    assert ClauseFinding.objects.filter(found="missing").exists()
    # Findings and texts are copied inside the database for documents sharing a file: each document
    # still has its eleven findings and the text the checklist read.
    assert ClauseFinding.objects.count() == 11 * DpaDocument.objects.count()
    assert not DpaDocument.objects.filter(text="").exists()
    for sha in DpaDocument.objects.values_list("sha256", flat=True).distinct():
        texts = set(DpaDocument.objects.filter(sha256=sha).values_list("text", flat=True))
        present = {tuple(ClauseFinding.objects.filter(document=d, found="present").order_by("clause")
                         .values_list("clause", flat=True)) for d in DpaDocument.objects.filter(sha256=sha)[:5]}
        assert len(texts) == 1 and len(present) == 1
    assert ClauseFinding.objects.filter(found="present").count() > 10 * DpaDocument.objects.count() * 0.8
    assert Transfer.objects.values("destination_country").distinct().count() >= 40
    from steadfast.privacy.models import SubProcessor

    assert Dpa.contracts.through.objects.exists()
    assert SubProcessor.objects.filter(status="authorised").exists() and SubProcessor.objects.count() > 5
    assert set(Transfer.objects.values_list("mechanism", flat=True)) >= {"adequacy", "scc_m2", "bcr", "art49", "none"}
    from steadfast.privacy.models import Breach

    late = [b for b in Breach.objects.all() if b.notified_late]
    assert late and all(b.late_reason for b in late)
    assert Breach.objects.filter(authority_notified_at__isnull=False).count() > len(late)
