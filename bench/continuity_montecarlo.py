"""Benchmark: Monte Carlo years over an event loss table, against per-event Poisson draws.

    python bench/continuity_montecarlo.py                  # 100,000 years, 5,000 events
    python bench/continuity_montecarlo.py --years 200000 --events 20000 --seed 3

The event loss table is synthetic and seeded: (hazard, country) events with the app's INFORM
calibration for every country INFORM scores, plus cyber events for `--events` minus those
(rates from random security postures), losses log-normal. The fast path (steadfast.continuity.
montecarlo.simulate) draws the year's total count from Poisson(Σ rates) and picks events by rate;
the baseline draws every event's Poisson count for every year (in chunks of years). Both give
the same distribution: the script prints both AALs, their standard errors, Σ rate × loss, and the
time of each and their ratio. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from steadfast.continuity import hazards
from steadfast.continuity.montecarlo import LEVELS, simulate


def event_loss_table(events: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    rates = [rate for country in sorted(hazards.inform_scores()) for rate in hazards.country_rates(country).values()
             if rate > 0]
    cyber = max(events - len(rates), 0)
    rates += [hazards.cyber_rate(residual_risk=float(r), open_kev_findings=int(k))
              for r, k in zip(rng.uniform(0, 100, cyber), rng.poisson(0.3, cyber), strict=True)]
    rates = np.array(rates[:events])
    losses = rng.lognormal(mean=13, sigma=1.8, size=rates.size)  # median ~440k, a heavy tail into the hundreds of millions
    return rates, losses


def baseline(rates: np.ndarray, losses: np.ndarray, *, years: int, seed: int, chunk: int = 2000) -> np.ndarray:
    """Every event's Poisson count every year: the straightforward year loss table."""
    rng = np.random.default_rng(seed)
    annual = np.empty(years)
    for start in range(0, years, chunk):
        stop = min(start + chunk, years)
        counts = rng.poisson(rates, size=(stop - start, rates.size))
        annual[start:stop] = counts @ losses
    return annual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rates, losses = event_loss_table(args.events, args.seed)
    expected = float((rates * losses).sum())
    print(f"event loss table: {rates.size:,} events, Σ rate {rates.sum():.3f}/year, Σ rate × loss {expected:,.0f}")

    started = time.perf_counter()
    table = simulate(rates, losses, years=args.years, seed=args.seed)
    figures = {level: (table.var(level), table.tvar(level)) for level in LEVELS}
    oep, aep = table.exceedance(occurrence=True), table.exceedance(occurrence=False)
    fast = time.perf_counter() - started
    print(f"fast:     {args.years:,} years in {fast:.2f} s (with VaR/TVaR and both exceedance curves): "
          f"AAL {table.aal:,.0f} ± {table.aal_se:,.0f} ({(table.aal - expected) / table.aal_se:+.2f} SE from Σ rate × loss)")
    for level, (var, tvar) in figures.items():
        print(f"          VaR {level:.1%} {var:,.0f}   TVaR {tvar:,.0f}")
    near_100 = min(aep, key=lambda point: abs(point[0] - 100))
    print(f"          OEP/AEP points: {len(oep)}/{len(aep)}; AEP at {near_100[0]:.0f} years: {near_100[1]:,.0f}")

    started = time.perf_counter()
    annual = baseline(rates, losses, years=args.years, seed=args.seed)
    slow = time.perf_counter() - started
    se = annual.std(ddof=1) / np.sqrt(args.years)
    print(f"baseline: {args.years:,} years in {slow:.2f} s (per-event draws): AAL {annual.mean():,.0f} ± {se:,.0f} "
          f"({(annual.mean() - expected) / se:+.2f} SE)")
    print(f"speed-up: {slow / fast:.1f}x;  99% VaR fast {table.var(0.99):,.0f} vs baseline "
          f"{np.quantile(annual, 0.99, method='higher'):,.0f}")


if __name__ == "__main__":
    main()
