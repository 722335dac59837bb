"""Concurrency properties the hardening probe measured, kept as tests (issue 16): an import killed
with SIGKILL half-way leaves nothing or everything, and 20 concurrent writers on PostgreSQL lose no
write and keep the audit chain contiguous."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest
from django.db import connection

from steadfast.core.models import AuditEvent
from steadfast.core.services.audit import verify_chain
from steadfast.network import services
from steadfast.network.models import Supplier

pytestmark = pytest.mark.django_db(transaction=True)  # other processes and threads see what is committed

ROWS = 30_000
COUNTRIES = ("DE", "FR", "JP", "US", "TW", "MX", "PL", "VN", "SE", "BR")


def _env_for_this_database() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STEADFAST_DATABASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        env["STEADFAST_SQLITE_PATH"] = str(conf["NAME"])
    else:
        password = f":{quote(conf['PASSWORD'])}" if conf.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT'] or 5432}/{conf['NAME']}"
    return env


def test_an_import_killed_half_way_leaves_nothing_or_everything(tmp_path):
    big = tmp_path / "suppliers.csv"
    lines = ["ref,legal_name,country,category"]
    lines += [f"KILL-{n:06d},Precision Components {n} GmbH,{COUNTRIES[n % 10]},components" for n in range(ROWS)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events_before = AuditEvent.objects.count()

    process = subprocess.Popen([sys.executable, "-m", "steadfast.cli", "import", "suppliers", str(big)],
                               env=_env_for_this_database(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # The progress bar's first output means the import is reading rows: kill it then, mid-way.
    os.set_blocking(process.stderr.fileno(), False)
    deadline, seen = time.monotonic() + 120, b""
    while process.poll() is None and time.monotonic() < deadline and b"%" not in seen:
        seen += process.stderr.read() or b""
        time.sleep(0.05)
    time.sleep(0.5)  # well inside the work (it takes several seconds)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed: use a bigger file"

    imported = Supplier.objects.filter(ref__startswith="KILL-").count()
    assert imported in (0, ROWS)  # all or nothing
    assert AuditEvent.objects.count() - events_before == (imported if imported else 0)
    report = verify_chain()
    assert report.ok, report.reason


WRITERS, WRITES_EACH = 20, 15


@pytest.mark.postgresql_only
def test_twenty_concurrent_writers_lose_nothing_and_keep_the_chain_contiguous(admin_user):
    """Each thread has its own database connection (Django's are per thread) and writes through the
    services, one transaction and one audit event per write, all starting at once."""
    start, errors = threading.Barrier(WRITERS), []
    events_before = AuditEvent.objects.count()

    def writer(n: int) -> None:
        try:
            start.wait()
            for k in range(WRITES_EACH):
                services.create_supplier(actor=admin_user, ref=f"CONC-{n:02d}-{k:03d}",
                                         legal_name=f"Concurrent Supplies {n}-{k} Ltd", country=COUNTRIES[k % 10],
                                         category="components")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors[:3]
    assert Supplier.objects.filter(ref__startswith="CONC-").count() == WRITERS * WRITES_EACH  # none lost
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))  # contiguous: no gap, no repeat
    assert len(seqs) - events_before == WRITERS * WRITES_EACH
    report = verify_chain()
    assert report.ok, report.reason
