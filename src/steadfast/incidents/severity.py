"""The severity matrix: subscribers affected × service impact × duration (docs/incidents.md).

Each axis scores 1 (least) to 4 (worst); the points add up to 3-12 and map to SEV1-SEV4. What is not
yet known scores as the worst ("when unsure, the higher").
"""

from __future__ import annotations

import datetime as dt

SUBSCRIBER_STEPS = ((1_000_000, 4), (100_000, 3), (10_000, 2), (0, 1))
DURATION_STEPS = (
    (dt.timedelta(hours=4), 4), (dt.timedelta(hours=1), 3), (dt.timedelta(minutes=15), 2), (dt.timedelta(0), 1),
)
IMPACT_POINTS = {"total": 4, "unknown": 4, "major": 3, "partial": 2, "minor": 1}
# points → severity: 10-12 SEV1, 8-9 SEV2, 6-7 SEV3, 3-5 SEV4
SEVERITY_BY_POINTS = ((10, 1), (8, 2), (6, 3), (0, 4))


def _step(value, steps) -> int:
    for threshold, points in steps:
        if value >= threshold:
            return points
    return steps[-1][1]


def severity_points(*, subscribers: int | None, impact: str, duration: dt.timedelta | None) -> tuple[int, int, int]:
    subscriber_points = 4 if subscribers is None else _step(subscribers, SUBSCRIBER_STEPS)
    duration_points = 4 if duration is None else _step(duration, DURATION_STEPS)
    return subscriber_points, IMPACT_POINTS.get(impact, 4), duration_points


def severity(*, subscribers: int | None, impact: str, duration: dt.timedelta | None) -> int:
    """1 (SEV1, worst) to 4. `subscribers`/`duration` None = not known (scores as worst)."""
    total = sum(severity_points(subscribers=subscribers, impact=impact, duration=duration))
    return _step(total, SEVERITY_BY_POINTS)
