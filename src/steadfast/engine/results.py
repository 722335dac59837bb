"""Scenario results, the resilience exposure index, and the CSV the CLI writes."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

CSV_COLUMNS = ("scenario", "ttr", "tts", "pi", "rei", "at_risk")
BASELINE_ROW = "(baseline)"


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's answer.

    ``tts`` (days) is ``inf`` when the network survives the disruption indefinitely; ``pi``
    is the profit lost over ``ttr`` days; ``rei`` is ``pi`` relative to the worst scenario of
    the run (filled in by :func:`with_rei`).
    """

    scenario: str
    ttr: float
    tts: float
    pi: float
    rei: float = 0.0

    @property
    def at_risk(self) -> bool:
        return self.ttr > self.tts


def with_rei(results: Sequence[ScenarioResult]) -> list[ScenarioResult]:
    """Results with REI = PI / max PI of the run (0 for all when every PI is 0)."""
    worst = max((r.pi for r in results), default=0.0)
    return [replace(r, rei=(r.pi / worst if worst > 0 else 0.0)) for r in results]


def format_number(value: float) -> str:
    """A plain decimal (never scientific notation), ``inf`` when unbounded.

    Ten significant digits: far below the solver's tolerance of about 1e-9 relative, so
    the same scenario prints the same text whichever process or cluster solved it.
    """
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    digits = max(0, 10 - 1 - math.floor(math.log10(abs(value))))
    text = np.format_float_positional(round(value, digits), trim="-")
    return "0" if text in ("-0", "0") else text


def write_csv(results: Iterable[ScenarioResult], stream: io.TextIOBase) -> None:
    """Write ``results`` in the given order with exactly the CLI's columns."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(
            [r.scenario, format_number(r.ttr), format_number(r.tts), format_number(r.pi), format_number(r.rei),
             "true" if r.at_risk else "false"]
        )
