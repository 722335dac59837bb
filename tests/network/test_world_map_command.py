"""network_world_map: the one-off world-map build, and its message when the worldmap extra is missing."""

from __future__ import annotations

import io
import json
import sys

import pytest
import shapefile  # the worldmap extra; dev installs it
from django.core.management import CommandError, call_command


def _write_one_country(base) -> None:
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON) as writer:
        writer.field("iso_a3", "C", size=3)
        writer.field("name", "C", size=40)
        writer.poly([[[5.9, 47.3], [15.0, 47.3], [15.0, 55.1], [5.9, 55.1], [5.9, 47.3]]])
        writer.record("DEU", "Germany")


def test_builds_the_map_file_from_a_shapefile(tmp_path):
    _write_one_country(tmp_path / "countries")
    out = tmp_path / "world.json"
    call_command("network_world_map", str(tmp_path / "countries"), out=str(out), stdout=io.StringIO())
    payload = json.loads(out.read_text())
    assert [(c["iso"], c["name"]) for c in payload["countries"]] == [("DE", "Germany")]
    assert payload["countries"][0]["d"].startswith("M185.9,42.7L")


def test_missing_worldmap_extra_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "shapefile", None)  # as if `steadfast[worldmap]` were not installed
    with pytest.raises(CommandError, match=r"pyshp, which is not installed: pip install 'steadfast\[worldmap\]'"):
        call_command("network_world_map", str(tmp_path / "countries"), out=str(tmp_path / "world.json"))
    assert not (tmp_path / "world.json").exists()
