"""`steadfast --help`: Steadfast's own commands first, grouped by area, one line each, each once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "steadfast.cli", *args], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_lists_steadfasts_commands_by_area_each_once():
    text = _run("--help")
    names = re.findall(r"^  (\S+)  ", text, flags=re.MULTILINE)
    assert names.count("analyze") == 1 and names.count("mitigate") == 1
    assert len(names) == len(set(names))  # no command twice
    assert "export-network" in names and "export_network" not in names  # one name for one command
    assert "flush" not in names and "dbshell" not in names  # Django's own are behind help --all
    areas = re.findall(r"^(\w+) — ", text, flags=re.MULTILINE)
    assert areas[:5] == ["map", "security", "privacy", "incidents", "continuity"]
    assert {"engine", "operations"} <= set(areas)
    engine = text[text.index("engine — "):text.index("operations — ")]
    assert "analyze" in engine and "mitigate" in engine
    assert all(len(line) <= 110 for line in text.splitlines())
    assert "steadfast help --all" in text
    assert _run("help") == text


def test_help_all_is_djangos_full_list():
    text = _run("help", "--all")
    assert "flush" in text and "dbshell" in text and "createsuperuser" in text
