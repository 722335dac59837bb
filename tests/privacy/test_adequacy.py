"""The adequacy list is data: the shipped CSV loads; a bad file names row and column and changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from steadfast.privacy.models import AdequacyDecision


def test_shipped_list_loads_and_a_bad_file_changes_nothing(db, tmp_path):
    call_command("privacy_adequacy")
    assert {"JP", "KR", "GB", "CH", "US"} <= set(AdequacyDecision.objects.values_list("country", flat=True))
    count = AdequacyDecision.objects.count()
    bad = tmp_path / "adequacy.csv"
    bad.write_text("country,decided_on,reference,scope,source_note\nBR,2026-13-01,Decision X,,press release\n")
    with pytest.raises(CommandError, match=r"adequacy.csv, row 2, column decided_on: '2026-13-01'"):
        call_command("privacy_adequacy", str(bad))
    bad.write_text("country,decided_on,reference,scope,source_note\nXX,2026-01-01,Decision X,,note\n")
    with pytest.raises(CommandError, match="row 2, column country: 'XX'"):
        call_command("privacy_adequacy", str(bad))
    assert AdequacyDecision.objects.count() == count
    good = tmp_path / "new.csv"
    good.write_text("country,decided_on,reference,scope,source_note\nBR,2026-01-27,Implementing Decision (EU) "
                    "2026/1,,Commission press release\n")
    call_command("privacy_adequacy", str(good))
    assert list(AdequacyDecision.objects.values_list("country", flat=True)) == ["BR"]
