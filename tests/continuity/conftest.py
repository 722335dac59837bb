"""The hand-built map of the continuity tests: see steadfast.continuity.testing.SMALL_MAP."""

from __future__ import annotations

import pytest

from steadfast.continuity.testing import SmallMap, build_small_map


@pytest.fixture
def small_map(db) -> SmallMap:
    return build_small_map()
