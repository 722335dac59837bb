"""A year loss table drawn from an event loss table (as catastrophe models such as Oasis LMF do).

Pure numpy. Each event occurs a Poisson number of times a year with its rate; every occurrence
loses the event's loss. Drawing each event's count separately is the same distribution as drawing
the year's total count from Poisson(Σ rates) and then which events they were (categorically, with
probabilities rate / Σ rates): the second way costs one draw per occurrence, not per event × year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEVELS = (0.95, 0.99, 0.995)


@dataclass(frozen=True)
class YearLossTable:
    years: int
    annual_loss: np.ndarray  # per simulated year: sum of its occurrences' losses
    max_occurrence: np.ndarray  # per simulated year: its largest single occurrence (OEP)
    event_loss_sum: np.ndarray  # per event: total loss it caused over all years

    @property
    def aal(self) -> float:
        return float(self.annual_loss.mean())

    @property
    def aal_se(self) -> float:
        """Standard error of the AAL estimate: sample standard deviation / sqrt(years)."""
        return float(self.annual_loss.std(ddof=1) / np.sqrt(self.years)) if self.years > 1 else 0.0

    def var(self, level: float) -> float:
        """Value at risk: the annual loss exceeded with probability 1 − level."""
        return float(np.quantile(self.annual_loss, level, method="higher"))

    def tvar(self, level: float) -> float:
        """Tail value at risk: the mean annual loss in years at or beyond the VaR."""
        threshold = self.var(level)
        tail = self.annual_loss[self.annual_loss >= threshold]
        return float(tail.mean()) if tail.size else threshold

    def exceedance(self, *, occurrence: bool, points: int = 40) -> list[tuple[float, float]]:
        """(return period in years, loss) pairs of the OEP (occurrence) or AEP (aggregate) curve."""
        losses = np.sort(self.max_occurrence if occurrence else self.annual_loss)[::-1]
        ranks = np.unique(np.geomspace(1, self.years, points).astype(int))
        return [(self.years / r, float(losses[r - 1])) for r in ranks]

    def contribution(self) -> np.ndarray:
        """Each event's share of the AAL (its simulated total loss / years)."""
        return self.event_loss_sum / self.years


def simulate(rates: np.ndarray, losses: np.ndarray, *, years: int, seed: int) -> YearLossTable:
    """`years` simulated years from events with annual `rates` and per-occurrence `losses`."""
    if not isinstance(years, int | np.integer) or years <= 0:
        raise ValueError(f"years must be a positive whole number, got {years!r}")
    rates = np.asarray(rates, dtype=float)
    losses = np.asarray(losses, dtype=float)
    if rates.shape != losses.shape or rates.ndim != 1:
        raise ValueError("rates and losses must be one value per event")
    if (rates < 0).any() or not np.isfinite(rates).all() or (losses < 0).any() or not np.isfinite(losses).all():
        raise ValueError("rates and losses must be finite and non-negative")
    rng = np.random.default_rng(seed)
    total_rate = float(rates.sum())
    counts = rng.poisson(total_rate, size=years) if total_rate > 0 else np.zeros(years, dtype=np.int64)
    occurrences = int(counts.sum())
    annual = np.zeros(years)
    peak = np.zeros(years)
    per_event = np.zeros(rates.size)
    if occurrences:
        events = rng.choice(rates.size, size=occurrences, p=rates / total_rate)
        year_of = np.repeat(np.arange(years), counts)
        occurrence_loss = losses[events]
        annual = np.bincount(year_of, weights=occurrence_loss, minlength=years)
        np.maximum.at(peak, year_of, occurrence_loss)
        per_event = np.bincount(events, weights=occurrence_loss, minlength=rates.size)
    return YearLossTable(years=int(years), annual_loss=annual, max_occurrence=peak, event_loss_sum=per_event)
