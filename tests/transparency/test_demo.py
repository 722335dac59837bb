"""The demo's publications: one a year for the last three years, each verifiable; idempotent."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from steadfast.transparency.models import Publication


def test_demo_publishes_three_verifiable_years_once(organisation, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("transparency_demo")
    call_command("transparency_demo")  # again: nothing new
    this = timezone.localdate().year
    assert sorted(p.period_start.year for p in Publication.objects.all()) == [this - 2, this - 1, this]
    capsys.readouterr()
    for year in (this - 2, this - 1, this):
        call_command("figures", "verify", str(tmp_path / "publications" / f"figures-{year}.json"))  # exit 1 would raise
        assert "signature valid" in capsys.readouterr().out
