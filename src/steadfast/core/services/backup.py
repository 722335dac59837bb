"""Backup and restore of the whole system: the database and the uploaded files, in one archive.

An archive is a gzip'd tar holding
  manifest.json                 what is inside: each file's SHA-256 and size, every table's row
                                count and the audit chain's head, taken from the same snapshot
  database/steadfast.sqlite3    SQLite: a copy made with SQLite's online backup API (a consistent
                                snapshot of a live WAL database; a file copy is not one)
  database/steadfast.pgdump     PostgreSQL: `pg_dump -Fc`, run on a snapshot exported by the
                                transaction that counted the tables, so the counts match the dump
  media/...                     the uploaded files (MEDIA_ROOT, under STEADFAST_VAR_DIR)

Restore checks every file against the manifest before it touches anything (a changed, missing or
extra file refuses the archive), refuses a database that already holds records unless told to
replace it, restores, then compares every table's count and the audit head with the manifest and
verifies the audit chain. docs/operations.md has the commands.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections

from steadfast.core.services.audit import verify_chain

FORMAT = "steadfast-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/steadfast.sqlite3"
PG_MEMBER = "database/steadfast.pgdump"
HEAD_TABLE = "core_audithead"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (nothing was changed)."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    audit_events: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[tuple[str, Path]]:
    root = _media_root()
    if not root.is_dir():
        return []
    return sorted((f"media/{path.relative_to(root).as_posix()}", path)
                  for path in root.rglob("*") if path.is_file() and not path.is_symlink())


# --- counting (the same code reads the source snapshot and the restored database) -----------------

def _counts(cursor, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    found = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        found[table] = cursor.fetchone()[0]
    return found


def _head(cursor, tables: list[str], quote: Callable[[str], str]) -> dict | None:
    if HEAD_TABLE not in tables:
        return None
    cursor.execute(f"SELECT seq, hash FROM {quote(HEAD_TABLE)} WHERE id = 1")
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": ""}


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [r[0] for r in cursor.fetchall()]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_state(path: str | Path) -> tuple[dict[str, int], dict | None]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = _sqlite_tables(db)
        cursor = db.cursor()
        return _counts(cursor, tables, _sqlite_quote), _head(cursor, tables, _sqlite_quote)
    finally:
        db.close()


def current_state() -> tuple[dict[str, int], dict | None]:
    """Every table's row count and the audit head of the configured database, as it is now."""
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
        return _counts(cursor, tables, connection.ops.quote_name), _head(cursor, tables, connection.ops.quote_name)


# --- PostgreSQL client programs ------------------------------------------------------------------

def _pg_program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not on PATH: install the PostgreSQL client programs of the server's major "
                          f"version (Debian: apt-get install postgresql-client) and try again")
    return found


def _pg_args_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    args = ["--dbname", conf["NAME"], "--no-password"]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


# --- backup --------------------------------------------------------------------------------------

def _snapshot_sqlite(work: Path) -> tuple[Path, dict[str, int], dict | None]:
    target = work / "steadfast.sqlite3"
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # SQLite's online backup API: a consistent copy
    finally:
        destination.close()
    counts, head = sqlite_state(target)
    return target, counts, head


def _snapshot_postgresql(work: Path) -> tuple[Path, dict[str, int], dict | None]:
    pg_dump = _pg_program("pg_dump")
    target = work / "steadfast.pgdump"
    args, env = _pg_args_env()
    # A separate connection holds a repeatable-read snapshot while pg_dump reads the same one.
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _pg_tables(cursor)
            counts = _counts(cursor, tables, holder.ops.quote_name)
            head = _head(cursor, tables, holder.ops.quote_name)
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "--file", str(target), *args], env)
            cursor.execute("COMMIT")
    finally:
        holder.close()
    return target, counts, head


def backup(path: str | Path, *, progress: Callable[[str], None] = lambda message: None) -> dict:
    """Write the archive to `path` (written beside it, then renamed: a failed backup leaves no
    half archive). Returns the manifest."""
    destination = Path(path)
    kind = engine()
    with tempfile.TemporaryDirectory(prefix="steadfast-backup-") as tmp:
        work = Path(tmp)
        progress(f"copying the {kind} database")
        if kind == "sqlite":
            database, counts, head = _snapshot_sqlite(work)
            member = SQLITE_MEMBER
        else:
            database, counts, head = _snapshot_postgresql(work)
            member = PG_MEMBER
        entries = [(member, database), *_media_files()]
        progress(f"hashing {len(entries)} files")
        manifest = {
            "format": FORMAT, "version": VERSION, "engine": kind,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {name: {"sha256": _sha256(source), "bytes": source.stat().st_size} for name, source in entries},
            "tables": counts, "audit_head": head,
        }
        manifest_file = work / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = destination.with_name(destination.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest_file, arcname=MANIFEST)
                for name, source in entries:
                    archive.add(source, arcname=name)
            partial.replace(destination)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"cannot write {destination}: {exc.strerror or exc}") from None
    return manifest


# --- restore -------------------------------------------------------------------------------------

def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in name


def read_archive(path: str | Path, work: Path) -> dict:
    """Unpack `path` into `work`, checking every member against the manifest. Raises BackupError
    naming the first file that does not match; nothing outside `work` is written."""
    try:
        archive = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a Steadfast backup archive ({exc})") from None
    with archive:
        try:
            manifest = json.loads(archive.extractfile(MANIFEST).read())
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(f"{path}: no readable {MANIFEST} ({exc})") from None
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupError(f"{path}: not a {FORMAT} version {VERSION} archive")
        expected = manifest.get("files") or {}
        seen = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                raise BackupError(f"{path}: {member.name!r} is not listed in the manifest (refused: nothing was changed)")
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(member) as source, target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"{path}: {member.name} does not match its SHA-256 in the manifest "
                                  f"(refused: nothing was changed)")
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"{path}: {', '.join(missing[:5])} listed in the manifest but missing "
                              f"(refused: nothing was changed)")
    return manifest


def _holds_records() -> bool:
    """Whether the configured database already has accounts or audit events (a migrated but unused
    database does not)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("core_auditevent", "core_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _restore_sqlite(source: Path) -> None:
    name = connection.settings_dict["NAME"]
    connections.close_all()
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    src, dest = sqlite3.connect(source), sqlite3.connect(name)
    try:
        src.backup(dest)  # page by page into the live file, under SQLite's own locking
    finally:
        src.close()
        dest.close()


def _restore_postgresql(source: Path) -> None:
    pg_restore = _pg_program("pg_restore")
    args, env = _pg_args_env()
    connections.close_all()
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(source)], env)


def _restore_media(work: Path, replace: bool) -> int:
    root = _media_root()
    if replace and root.exists():
        shutil.rmtree(root)
    count = 0
    unpacked = work / "media"
    if unpacked.is_dir():
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                target = root / path.relative_to(unpacked)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                count += 1
    return count


def restore(path: str | Path, *, replace: bool = False,
            progress: Callable[[str], None] = lambda message: None) -> RestoreReport:
    kind = engine()
    with tempfile.TemporaryDirectory(prefix="steadfast-restore-") as tmp:
        work = Path(tmp)
        progress("checking the archive against its manifest")
        manifest = read_archive(path, work)
        if manifest["engine"] != kind:
            raise BackupError(f"{path} holds a {manifest['engine']} database; this installation uses {kind} "
                              f"(refused: nothing was changed)")
        if not replace and _holds_records():
            raise BackupError("the database already holds accounts or audit events; restore into an empty "
                              "database, or pass --replace to overwrite it (refused: nothing was changed)")
        progress(f"restoring the {kind} database")
        if kind == "sqlite":
            _restore_sqlite(work / SQLITE_MEMBER)
        else:
            _restore_postgresql(work / PG_MEMBER)
        progress("restoring the uploaded files")
        files = _restore_media(work, replace)
    progress("comparing the tables and verifying the audit chain")
    connections.close_all()
    counts, head = current_state()
    problems = [f"table {table}: {counts.get(table)} rows restored, {expected} in the backup"
                for table, expected in sorted(manifest["tables"].items()) if counts.get(table) != expected]
    if head != manifest["audit_head"]:
        problems.append(f"audit head {head} differs from the backup's {manifest['audit_head']}")
    chain = verify_chain()
    if not chain.ok:
        problems.append(f"audit chain broken at event #{chain.bad_seq}: {chain.reason}")
    return RestoreReport(tables=len(counts), rows=sum(counts.values()), files=files, audit_events=chain.checked,
                         problems=problems)
