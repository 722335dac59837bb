"""Fixtures for the engine tests. Nothing here needs Django or a database."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

# The tests import their helpers as ``engine_support`` (a plain module next to this file,
# since tests/ has no packages); make that work however pytest was started.
sys.path.insert(0, str(Path(__file__).parent))

from engine_support import write_network  # noqa: E402

from steadfast.engine.model import Network  # noqa: E402


@pytest.fixture
def small_network() -> Network:
    """Two alternative sources of A feed product p; B (unlimited) feeds p and q."""
    return Network.from_arrays(
        ["a", "a2", "b", "p", "q"],
        parts=["A", "A", "B", "P", "Q"],
        sites=["s1", "s2", "s1", "s3", "s3"],
        capacity=[10, 5, np.inf, 8, 3],
        inventory=[20, 0, 5, 10, 0],
        demand=[0, 0, 0, 6, 2],
        profit=[1, 1, 1, 3, 2],
        ttr=[np.nan, np.nan, 30, np.nan, np.nan],
        edges_from=["a", "a2", "b", "a", "b"],
        edges_to=["p", "p", "p", "q", "q"],
        qty=[1, 1, 2, 1, 1],
    )


@pytest.fixture
def small_folder(tmp_path, small_network) -> Path:
    return write_network(tmp_path / "net", small_network)


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides the project-wide autouse fixture of that name, which needs pytest-django's
    ``settings``: the engine tests touch no Django and must also run with ``-p no:django``."""
    yield
