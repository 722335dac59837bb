"""``steadfast mitigate``: the least-cost extra inventory that lets every chosen scenario
survive its time to recover; writes the mitigated network folder and the plan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import _count, _positive
from .io import load_network, load_scenarios
from .mitigation import CANNOT_BE_SAVED, DEFAULT_GAP, mitigate, select_by_rei
from .mitigation_io import load_costs, write_mitigated
from .model import NetworkError
from .runner import analyse
from .scenarios import node_scenarios, site_scenarios


def _rei_threshold(text: str) -> tuple[str, float]:
    """``X`` (an REI between 0 and 1) or ``pNN`` (the NN-th percentile of the run's REI)."""
    percentile = text.lower().startswith("p")
    try:
        value = float(text[1:] if percentile else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or pNN percentile: {text!r}") from None
    if not (0 <= value <= (100 if percentile else 1)):
        raise argparse.ArgumentTypeError(f"must be in [0, {100 if percentile else 1}]: {text!r}")
    return ("percentile" if percentile else "value", value)


def _gap(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1): {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steadfast mitigate",
        description="Least-cost extra inventory per node such that every chosen scenario survives its "
        "time to recover (TTS >= TTR); see docs/model.md, 'Mitigation optimiser'.",
    )
    parser.add_argument("network", metavar="NETWORK_DIR", type=Path, help="folder with nodes.csv and edges.csv")
    parser.add_argument("--ttr", metavar="DAYS", type=_positive, required=True,
                        help="time to recover of scenarios whose nodes give none (as for analyze)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-nodes", action="store_true", help="one scenario per node (full loss)")
    which.add_argument("--all-sites", action="store_true", help="one scenario per site (full loss of its nodes)")
    which.add_argument("--scenarios", metavar="FILE", type=Path, help="scenario file")
    parser.add_argument("--rei-above", metavar="X|pNN", type=_rei_threshold,
                        help="keep only scenarios with REI above X, or above the NN-th percentile of their REI")
    parser.add_argument("--costs", metavar="FILE", type=Path,
                        help="CSV part,cost[,max_extra]: holding cost per unit (default: the margin a unit carries)")
    parser.add_argument("--out", metavar="OUT_DIR", type=Path, required=True,
                        help="folder for the mitigated network, plan.csv and plan_scenarios.csv")
    parser.add_argument("--gap", metavar="G", type=_gap, default=DEFAULT_GAP,
                        help=f"stop at this relative optimality gap (default {DEFAULT_GAP:g}; 0 = exact optimum)")
    parser.add_argument("--workers", metavar="N", type=_count, default=None,
                        help="worker processes for the engine's checks (default as for analyze)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.out.resolve() == args.network.resolve():
        parser.error("--out must be another folder than NETWORK_DIR")
    try:
        network = load_network(args.network)
        if args.all_nodes:
            scenarios = node_scenarios(network, default_ttr=args.ttr)
        elif args.all_sites:
            scenarios = site_scenarios(network, default_ttr=args.ttr)
        else:
            scenarios = load_scenarios(args.scenarios, network, default_ttr=args.ttr)
        unit_cost, max_extra = load_costs(args.costs, network) if args.costs else (None, None)
    except NetworkError as exc:
        print(f"steadfast mitigate: error: {exc}", file=sys.stderr)
        return 1

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    before = None
    if args.rei_above is not None:
        kind, value = args.rei_above
        say(f"analysing {len(scenarios)} scenarios for their REI")
        before = analyse(network, scenarios, workers=args.workers).results
        chosen, value = select_by_rei(network, scenarios, analysis=before,
                                      **{"percentile" if kind == "percentile" else "above": value})
        say(f"{len(chosen)} of {len(scenarios)} scenarios have REI above {value:.6g}")
        scenarios = chosen
    # The REI analysis already holds each chosen scenario's TTS: mitigate need not analyse again.
    result = mitigate(network, scenarios, unit_cost=unit_cost, max_extra=max_extra, gap=args.gap,
                      workers=args.workers, progress=say, bars=True, before=before)
    write_mitigated(result, args.network, args.out)
    saved = sum(o.status != CANNOT_BE_SAVED and o.tts_before < o.ttr for o in result.outcomes)
    print(f"total cost: {result.total_cost:.10g}")
    print(f"lower bound: {result.lower_bound:.10g} (gap {result.gap:.3g}; {result.iterations} rounds, "
          f"{result.cuts} cuts, {result.seconds:.1f} s)")
    print(f"nodes stocked: {len(result.plan)}; scenarios saved: {saved} of {len(result.outcomes)}")
    for name in result.cannot_be_saved:
        print(f"cannot be saved: {name} (no stock the cost file allows covers its loss)")
    if not result.verified:
        print("warning: the engine still finds a saveable scenario at risk on the mitigated network", file=sys.stderr)
    print(f"written to {args.out}")
    return 0 if result.verified else 2
