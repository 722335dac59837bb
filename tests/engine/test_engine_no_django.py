"""The engine is a pure library: the CLI and workers must run without Django."""

import re
from pathlib import Path

import steadfast.engine

ENGINE = Path(steadfast.engine.__file__).parent
DJANGO_IMPORT = re.compile(r"^\s*(import\s+django|from\s+django)\b", re.MULTILINE)


def test_no_engine_module_imports_django():
    sources = sorted(ENGINE.glob("**/*.py"))
    assert len(sources) >= 8  # the scan really looked at the package
    offenders = [str(p.relative_to(ENGINE)) for p in sources if DJANGO_IMPORT.search(p.read_text())]
    assert offenders == []


def test_scan_catches_django_imports():
    assert DJANGO_IMPORT.search("import numpy\nfrom django.db import models\n")
    assert DJANGO_IMPORT.search("  import django\n")
    assert not DJANGO_IMPORT.search("# no django_extras here\nimport djangoish\n")
