"""`make demo` from the top: installs (already done here), migrates, seeds, serves; Ctrl-C stops it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_make_demo_serves_health_and_login(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PORT=str(port), STEADFAST_VAR_DIR=str(tmp_path / "var"), STEADFAST_DEMO_SCALE="0.02")
    process = subprocess.Popen(["make", "demo"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True, text=True)
    # Read the output as it comes: an unread pipe fills at 64 kB and then blocks every process
    # writing to it (a CI run hung that way while the worker logged its start-up jobs).
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        # Generous: on a slow or busy CI machine migrate + seed can take minutes; a fast run
        # leaves as soon as /healthz answers.
        deadline, status, body = time.monotonic() + 600, None, b""
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                reader.join(timeout=10)
                pytest.fail(f"make demo exited early:\n{''.join(lines)[-3000:]}")
            time.sleep(1)
        if status != 200:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=30)
            reader.join(timeout=10)
            pytest.fail(f"no healthy /healthz within 600 s (last: {status} {body!r}); make demo said:\n"
                        f"{''.join(lines)[-3000:]}")
        assert json.loads(body)["status"] == "ok"
        status, page = _get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and b"Sign in" in page
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=10)
    output = "".join(lines)
    assert "admin" in output and "Demo accounts" in output, output[-3000:]
    # Ctrl-C stopped every process the demo started: nothing listens on the port any more. (With
    # SO_REUSEADDR, as the next server would bind: the closed connections' TIME_WAIT entries do not
    # count, a listening socket still does.)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
    # Set-up is quiet: progress lines, then the accounts and the address; the details are in the log.
    assert "Applying " not in output and "Requirement already satisfied" not in output, output[-3000:]
    assert "[1/" in output and "database tables" in output
    assert "Applying " in (tmp_path / "var" / "setup.log").read_text()
    assert output.index("Demo accounts") < output.index(f"Steadfast is running at http://127.0.0.1:{port}/")
    assert f"sign in at http://127.0.0.1:{port}/" in output  # the accounts are printed with the PORT served
    # The demo's e-mails go to files, not over the terminal.
    assert f"written to {tmp_path / 'var' / 'mail'}/" in output
    assert "Subject:" not in output
