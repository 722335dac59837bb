"""Start and stop the demo's and the server's processes cleanly (`steadfast serve`, `rundemo`).

Every child runs in its own process group (a new session), so that stopping it reaches the
processes it forked too (gunicorn's workers): SIGTERM to the group, a grace period, then SIGKILL
to whatever in the group is still there, a worker that ignores SIGTERM included. The group is swept
even when its leader has already exited, since an orphaned worker would keep the port.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings

GRACE_SECONDS = 8.0


# gunicorn refuses a request line (method, URL, protocol) past --limit-request-line with its own
# HTML 400/414 page. Set it above the application's URL limit (STEADFAST_MAX_URL_BYTES, checked by
# RequestLineLimitMiddleware) plus room for the method and protocol, so that Django answers first,
# with problem+json; 8190 is gunicorn's ceiling for the setting.
REQUEST_LINE_MARGIN = 64
GUNICORN_MAX_REQUEST_LINE = 8190


def gunicorn_request_line_limit() -> int:
    return min(GUNICORN_MAX_REQUEST_LINE, settings.STEADFAST_MAX_URL_BYTES + REQUEST_LINE_MARGIN)


def gunicorn_argv(*, bind: str, workers: int, threads: int, access_log: str = "-") -> list[str]:
    return [sys.executable, "-m", "gunicorn", "steadfast.wsgi:application", "--bind", bind,
            "--workers", str(workers), "--threads", str(threads), "--access-logfile", access_log,
            "--forwarded-allow-ips", os.environ.get("STEADFAST_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--timeout", "120", "--graceful-timeout", str(int(GRACE_SECONDS)),
            "--limit-request-line", str(gunicorn_request_line_limit())]


def split_bind(bind: str) -> tuple[str, int]:
    """`host:port` (or `[v6]:port`) of a bind address; a bad one raises ValueError naming it."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--bind {bind!r}: expected HOST:PORT with a port from 1 to 65535")
    return host.strip("[]") or "127.0.0.1", int(port)


def port_in_use(host: str, port: int) -> str | None:
    """None when `host:port` can be listened on; otherwise a plain sentence saying who holds it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                return f"cannot listen on {host}:{port}: {exc.strerror}"
        else:
            return None
    holder = listener_of(port)
    who = f"{holder[1]} (process {holder[0]})" if holder else "another program"
    return f"port {port} is in use by {who}; stop it or choose another port, e.g. PORT={_next_free(host, port)}"


def _next_free(host: str, port: int) -> int:
    for candidate in range(port + 1, min(port + 200, 65535)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return port + 1


def listener_of(port: int) -> tuple[int, str] | None:
    """(pid, command line) of the process listening on `port`, where /proc tells (Linux, own processes)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    if not inodes:
        return None
    wanted = {f"socket:[{inode}]" for inode in inodes}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in wanted:
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                    return int(proc.name), command[:120] or proc.name
        except OSError:
            continue
    return None


class Supervisor:
    """Children started in their own process groups, stopped together on Ctrl-C, SIGTERM or the
    exit of any one of them."""

    def __init__(self, *, grace: float = GRACE_SECONDS):
        self.grace = grace
        self.children: list[tuple[str, subprocess.Popen]] = []
        self._stopping = False

    def start(self, name: str, argv: Sequence[str], **popen) -> subprocess.Popen:
        process = subprocess.Popen(list(argv), start_new_session=True, **popen)
        self.children.append((name, process))
        return process

    def wait(self) -> str | None:
        """Block until a signal asks to stop or a child exits; the name of a child that exited, if any."""
        def stop(*_):
            self._stopping = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        try:
            while not self._stopping:
                for name, process in self.children:
                    if process.poll() is not None:
                        return name
                time.sleep(0.2)
            return None
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> None:
        """SIGTERM to every child's group, up to `grace` seconds for them to go, then SIGKILL."""
        for _, process in self.children:
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(_group_alive(p.pid) for _, p in self.children):
            for _, process in self.children:
                process.poll()  # reap the leader so that it does not linger as a zombie
            time.sleep(0.1)
        for _, process in self.children:
            _signal_group(process.pid, signal.SIGKILL)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if not Path("/proc").is_dir():
        return True
    # A zombie leader still counts for killpg(…, 0); it is gone once reaped.
    return any(_pgid(pid) == pgid and _state(pid) != "Z" for pid in _pids())


def _pids() -> list[int]:
    try:
        return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    except OSError:
        return []


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "?"
    return stat.rsplit(")", 1)[1].split()[0]
