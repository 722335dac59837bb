"""pyproject.toml and requirements.lock agree: every dependency is bounded above and pinned in the
lock at a version its range allows, so `make install` gives a fresh machine what CI tested."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + [line for extra in project["optional-dependencies"].values() for line in extra]
    return [r for r in map(Requirement, lines) if canonicalize_name(r.name) != "steadfast"]


def _locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_every_dependency_has_an_upper_bound():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    unbounded = [str(r) for r in _requirements() + [Requirement(line) for line in build] if not any(s.operator in ("<", "<=", "==", "~=") for s in r.specifier)]
    assert not unbounded, f"give these an upper bound in pyproject.toml: {unbounded}"


def test_the_lock_pins_every_dependency_within_its_range():
    locked = _locked()
    problems = []
    for requirement in _requirements():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} (locked: {version})")
    assert not problems, f"requirements.lock is stale, run `make lock`: {problems}"
