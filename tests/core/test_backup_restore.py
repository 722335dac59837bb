"""`steadfast backup` / `steadfast restore`: one archive with the database and the uploaded files,
a SHA-256 manifest, restore into an empty database with every table's count and the audit head
compared (on whichever database the suite runs: SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from steadfast.core.services.backup import BackupError, current_state, restore, sqlite_state
from steadfast.network import services

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump and the SQLite backup read committed data
EVIDENCE = "evidence/2026/SUP-00412/soc2-type2-report-2025.pdf"


@pytest.fixture
def organisation(settings, tmp_path, admin_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / EVIDENCE
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    for n, (name, country) in enumerate([("Kaohsiung Precision Co., Ltd.", "TW"), ("Vestfold Kabel AS", "NO"),
                                         ("Tecnologías Ópticas de Jalisco S.A.", "MX")]):
        supplier = services.create_supplier(actor=admin_user, ref=f"SUP-{410 + n:05d}", legal_name=name,
                                            country=country, category="components")
        services.create_site(actor=admin_user, ref=f"SITE-{country}-{n}", name=f"{name} plant", kind="factory",
                             country=country, latitude=10.0 + n, longitude=20.0 + n, owner_supplier=supplier)
    return upload


def _target_env(tmp_path: Path) -> tuple[dict[str, str], str | None]:
    """The environment of a `steadfast` process whose database is a new, empty one."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STEADFAST_DATABASE_URL")}
    env["STEADFAST_VAR_DIR"] = str(tmp_path / "target-var")
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    if connection.vendor == "sqlite":
        env["STEADFAST_SQLITE_PATH"] = str(tmp_path / "target.sqlite3")
        return env, None
    conf = connection.settings_dict
    name = f"{conf['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{quote(conf['PASSWORD'])}" if conf.get("PASSWORD") else ""
    env["DATABASE_URL"] = f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT'] or 5432}/{name}"
    return env, name


def _drop(name: str | None) -> None:
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _steadfast(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "steadfast.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def _target_state(env, tmp_path: Path) -> tuple[dict[str, int], dict | None]:
    if connection.vendor == "sqlite":
        return sqlite_state(env["STEADFAST_SQLITE_PATH"])
    code = ("import json, django; django.setup(); from steadfast.core.services.backup import current_state; "
            "print(json.dumps(current_state()))")
    done = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "steadfast.settings"},
                          capture_output=True, text=True, timeout=120, check=True)
    counts, head = json.loads(done.stdout)
    return counts, head


def test_restore_into_an_empty_database_matches_every_table_and_the_audit_head(organisation, tmp_path):
    archive = tmp_path / "steadfast-backup.tar.gz"
    call_command("backup", str(archive))
    counts, head = current_state()
    assert head["seq"] >= 7 and counts["network_supplier"] >= 3 and counts["core_auditevent"] == head["seq"]
    with tarfile.open(archive) as packed:
        manifest = json.loads(packed.extractfile("manifest.json").read())
    assert manifest["tables"] == counts and manifest["audit_head"] == head
    assert f"media/{EVIDENCE}" in manifest["files"]

    env, database = _target_env(tmp_path)
    try:
        done = _steadfast(env, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert "counts, head and chain verified" in done.stdout
        restored_counts, restored_head = _target_state(env, tmp_path)
        assert restored_counts == counts  # every table, row for row
        assert restored_head == head
        restored_file = Path(env["STEADFAST_VAR_DIR"]) / "media" / EVIDENCE
        assert restored_file.read_bytes() == organisation.read_bytes()
        again = _steadfast(env, "restore", str(archive))  # the database now holds records
        assert again.returncode != 0 and "--replace" in again.stderr
    finally:
        _drop(database)


def _tampered(archive: Path, tmp_path: Path, change) -> Path:
    """A copy of `archive` with one member changed by `change(name, data) -> data | None`, the
    manifest left as it was."""
    out = tmp_path / f"tampered-{len(list(tmp_path.glob('tampered-*')))}.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


def test_restore_refuses_an_archive_whose_files_do_not_match_the_manifest(organisation, tmp_path):
    archive = tmp_path / "steadfast-backup.tar.gz"
    call_command("backup", str(archive))
    database_member = "database/steadfast.sqlite3" if connection.vendor == "sqlite" else "database/steadfast.pgdump"
    cases = {
        "does not match its SHA-256": _tampered(
            archive, tmp_path, lambda name, data: data + b"%" if name == f"media/{EVIDENCE}" else data),
        "database/steadfast": _tampered(
            archive, tmp_path, lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name == database_member else data),
        "missing": _tampered(archive, tmp_path, lambda name, data: None if name.startswith("media/") else data),
    }
    env, database = _target_env(tmp_path)
    try:
        for words, bad in cases.items():
            done = _steadfast(env, "restore", str(bad))
            assert done.returncode != 0 and words in done.stderr and "nothing was changed" in done.stderr, done.stderr
        # Nothing was restored: the target has no tables, no uploads.
        if connection.vendor == "sqlite":
            target = Path(env["STEADFAST_SQLITE_PATH"])
            assert not target.exists() or sqlite_state(target)[0] == {}
        else:
            assert _target_state(env, tmp_path)[0] == {}
        assert not (Path(env["STEADFAST_VAR_DIR"]) / "media").exists()
    finally:
        _drop(database)


def test_restore_refuses_a_database_that_holds_records_without_replace(organisation, tmp_path):
    archive = tmp_path / "steadfast-backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(BackupError, match="already holds accounts or audit events"):
        restore(archive)
    with pytest.raises(BackupError, match="not a Steadfast backup archive"):
        restore(organisation)  # a PDF is not an archive
