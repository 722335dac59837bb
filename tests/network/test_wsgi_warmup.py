"""The WSGI module loads the URL configuration as a worker starts (every view and API module, the
trace pages' included), so the first request doesn't pay for it; and it touches no database."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
import steadfast.wsgi
from django.db import connections
assert "steadfast.network.views.traces" in sys.modules, "trace views not imported at start"
assert "steadfast.network.api.trace" in sys.modules, "trace API not imported at start"
assert all(c.connection is None for c in connections.all()), "a database was opened at start"
print("warm")
"""


def test_wsgi_start_imports_every_view_without_a_database(tmp_path):
    env = {**os.environ, "STEADFAST_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "steadfast.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "warm"
    assert not list(tmp_path.glob("*.sqlite3"))
