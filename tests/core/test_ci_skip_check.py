"""In CI a skipped test fails the run (tests/conftest.py), except the browser skip without Chromium.

The probe below skips only when this file's other test runs it in a child pytest with
STEADFAST_SKIP_PROBE set; in a normal run it passes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_skip_probe():
    reason = os.environ.get("STEADFAST_SKIP_PROBE")
    if reason:
        pytest.skip(reason)


def _run_probe(*, reason: str, workers: str = "no:xdist", **ci) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "STEADFAST_REQUIRE_BROWSER")}
    env.update(STEADFAST_SKIP_PROBE=reason, **ci)
    return subprocess.run([sys.executable, "-m", "pytest", f"{__file__}::test_skip_probe", *(["-p", workers] if workers == "no:xdist" else ["-n", workers]), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("ci", [{"CI": "true", "workers": "2"}, {"STEADFAST_REQUIRE_BROWSER": "1"}],
                         ids=["CI-under-xdist", "require-browser"])
def test_a_skip_fails_a_ci_run(ci):
    result = _run_probe(reason="some dependency is missing", **ci)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "skips are failures in CI" in result.stdout
    assert "test_skip_probe: some dependency is missing" in result.stdout


def test_a_skip_outside_ci_and_the_browser_skip_in_ci_pass():
    assert _run_probe(reason="some dependency is missing").returncode == 0
    browser = _run_probe(reason="Chromium not found at /usr/bin/chromium (install Debian's 'chromium' package)", CI="true")
    assert browser.returncode == 0, browser.stdout
