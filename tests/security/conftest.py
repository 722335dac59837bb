from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "steadfast" / "security" / "data"
CSF = DATA / "NIST_CSF_v2.0_catalog.xml"
SP800_53 = DATA / "NIST_SP-800-53_rev5_catalog.json"
KEV = DATA / "known_exploited_vulnerabilities.json"


@pytest.fixture
def sp800_53(db):
    from steadfast.security.services.frameworks import import_framework

    return import_framework(actor=None, path=SP800_53).framework


@pytest.fixture
def csf(db):
    from steadfast.security.services.frameworks import import_framework

    return import_framework(actor=None, path=CSF).framework


@pytest.fixture
def baseline(csf, sp800_53):
    from steadfast.security.services.questionnaires import load_baseline_template

    return load_baseline_template(actor=None)


@pytest.fixture
def kev(db):
    from steadfast.security.services.kev import import_kev

    return import_kev(actor=None, path=KEV)


def cyclonedx(components: list[dict], *, spec: str = "1.5") -> bytes:
    import json
    import uuid

    return json.dumps({"bomFormat": "CycloneDX", "specVersion": spec, "serialNumber": f"urn:uuid:{uuid.uuid4()}",
                       "version": 1, "components": components}).encode()
