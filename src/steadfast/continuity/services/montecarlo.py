"""Monte Carlo years over the event loss table, and the JSON the CLI and pages show."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError

from steadfast.continuity.montecarlo import LEVELS, simulate
from steadfast.continuity.services.events import Event


def simulate_events(events: list[Event], *, years: int, seed: int) -> dict:
    """Year loss table figures: AAL and its standard error, VaR/TVaR, OEP/AEP curves, contributions."""
    if isinstance(years, bool) or not isinstance(years, int) or years <= 0:
        raise ValidationError({"years": f"the number of years must be a positive whole number, got {years!r}"})
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValidationError({"seed": f"the seed must be a non-negative whole number, got {seed!r}"})
    rates = np.array([e.rate for e in events], dtype=float)
    losses = np.array([e.loss for e in events], dtype=float)
    table = simulate(rates, losses, years=years, seed=seed)
    shares = table.contribution()
    by: dict[str, dict[str, float]] = {"hazard": defaultdict(float), "country": defaultdict(float),
                                       "supplier": defaultdict(float)}
    for event, share in zip(events, shares, strict=True):
        by["hazard"][event.hazard] += share
        if event.country:
            by["country"][event.country] += share
        if event.supplier_ref:
            by["supplier"][event.supplier_ref] += share
    return {
        "years": years,
        "seed": seed,
        "aal": table.aal,
        "aal_se": table.aal_se,
        "expected_aal": float((rates * losses).sum()),
        "var": {str(level): table.var(level) for level in LEVELS},
        "tvar": {str(level): table.tvar(level) for level in LEVELS},
        "oep": [[rp, loss] for rp, loss in table.exceedance(occurrence=True)],
        "aep": [[rp, loss] for rp, loss in table.exceedance(occurrence=False)],
        "contributions": {name: dict(sorted(values.items(), key=lambda kv: -kv[1])) for name, values in by.items()},
        "events": [{"id": e.id, "hazard": e.hazard, "rate": e.rate, "loss": e.loss, "ttr": e.ttr_days,
                    "sites": len(e.site_refs)} for e in events],
    }
