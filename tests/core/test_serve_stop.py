"""`steadfast serve` stops every process it started on Ctrl-C, and says plainly when its port is taken."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from steadfast.core.processes import Supervisor, port_in_use

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PORT=str(port), STEADFAST_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(ROOT / "src"))
    return env


def _answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except urllib.error.HTTPError:
        return True  # an answer, even "not ready" (no database here), means the server is up
    except OSError:
        return False
    return True


def _descendants(pid: int) -> set[int]:
    """Every live process whose parent chain leads to `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(proc.name)] = int(fields[1])
    found, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in found} - found
        grew = bool(more)
        found |= more
    return found - {pid}


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_ctrl_c_on_serve_stops_master_and_workers_and_frees_the_port(tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "steadfast.cli", "serve", "--bind", f"127.0.0.1:{port}",
                                "--workers", "2", "--threads", "1"], cwd=tmp_path, env=_env(tmp_path, port),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "serve did not answer within 60 s"
            time.sleep(0.3)
        started = _descendants(process.pid)
        assert len(started) >= 3, started  # the gunicorn master and its two workers
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert _alive(started) == set()
    assert port_in_use("127.0.0.1", port) is None


def _same_database_env(tmp_path: Path, port: int) -> dict[str, str]:
    """As _env, opening this test's (migrated) database, so that the job worker runs."""
    env = _env(tmp_path, port)
    env.pop("STEADFAST_DATABASE_URL", None)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["STEADFAST_SQLITE_PATH"] = str(db["NAME"])
    else:
        credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


@pytest.mark.django_db(transaction=True)
def test_ctrl_c_on_rundemo_stops_the_worker_and_the_web_server(tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "steadfast.cli", "rundemo", "--port", str(port)],
                               cwd=tmp_path, env=_same_database_env(tmp_path, port),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while not _answers(port):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "rundemo did not answer within 90 s"
            time.sleep(0.3)
        started = _descendants(process.pid)
        assert len(started) >= 4, started  # the job worker, the gunicorn master and two workers
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=40)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert f"Steadfast is running at http://127.0.0.1:{port}/" in output and "stopped" in output
    assert _alive(started) == set()
    assert port_in_use("127.0.0.1", port) is None
    assert "Booting worker" in (tmp_path / "var" / "demo.log").read_text()  # their messages went to the log


def test_serve_on_a_busy_port_says_so_and_fails(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "steadfast.cli", "serve", "--bind", f"127.0.0.1:{port}"],
                                cwd=tmp_path, env=_env(tmp_path, port), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert f"port {port} is in use by" in message
    assert f"(process {os.getpid()})" in message  # this test process holds it
    assert "PORT=" in message
    assert "Traceback" not in message


def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period(tmp_path):
    # A parent that forks a child which ignores SIGTERM, as a stuck gunicorn worker would.
    script = tmp_path / "stubborn.py"
    script.write_text(textwrap.dedent("""
        import os, signal, sys, time
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            sys.stdout.write(f"{os.getpid()}\\n"); sys.stdout.flush()
            while True:
                time.sleep(1)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(1)
    """))
    supervisor = Supervisor(grace=1.0)
    parent = supervisor.start("stubborn", [sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _alive({parent.pid, child}) == {parent.pid, child}
    began = time.monotonic()
    supervisor.stop()
    assert _alive({parent.pid, child}) == set()
    assert time.monotonic() - began < 10
