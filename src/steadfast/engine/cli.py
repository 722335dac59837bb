"""``steadfast analyze``: scenario analysis of a network folder, CSV out.

Runs without Django: the project's console script hands ``sys.argv[2:]`` to :func:`main`,
and ``python -m steadfast.engine`` does the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .distributed import ClusterUnavailable, require_distributed
from .io import load_network, load_scenarios
from .model import NetworkError
from .results import write_csv
from .runner import analyse
from .scenarios import DEFAULT_TTR, node_scenarios, site_scenarios


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (value > 0 and value != float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number: {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steadfast analyze",
        description="Time to survive (TTS), performance impact (PI) and risk exposure index (REI) "
        "of disruption scenarios on a supply network (see docs/model.md).",
    )
    parser.add_argument("network", metavar="NETWORK_DIR", type=Path, help="folder with nodes.csv and edges.csv")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all-nodes", action="store_true", help="one scenario per node (full loss)")
    which.add_argument("--all-sites", action="store_true", help="one scenario per site (full loss of its nodes)")
    which.add_argument("--scenarios", metavar="FILE", type=Path,
                       help="scenario file (default: NETWORK_DIR/scenarios.csv when present)")
    parser.add_argument("--ttr", metavar="DAYS", type=_positive, default=DEFAULT_TTR,
                        help=f"time to recover where none is given (default {DEFAULT_TTR:g})")
    parser.add_argument("--out", metavar="FILE", type=Path, help="write the CSV here instead of stdout")
    parser.add_argument("--workers", metavar="N", type=_count, default=None,
                        help="local worker processes (default: both cores of a multi-core machine "
                        "for runs of 400 or more scenarios, else 1)")
    parser.add_argument("--dask", metavar="ADDRESS|local",
                        help="run on a Dask scheduler at ADDRESS, or on a LocalCluster with 'local'")
    parser.add_argument("--baseline", action="store_true",
                        help="add a first row '(baseline)' for the undisrupted network over --ttr days, "
                        "and print its TTS on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.dask is not None:
            require_distributed()  # before loading a large network
        network = load_network(args.network)
        if args.all_nodes:
            scenarios = node_scenarios(network, default_ttr=args.ttr)
        elif args.all_sites:
            scenarios = site_scenarios(network, default_ttr=args.ttr)
        else:
            path = args.scenarios or args.network / "scenarios.csv"
            if args.scenarios is None and not path.is_file():
                parser.error("give --all-nodes, --all-sites or --scenarios FILE "
                             "(or put scenarios.csv in the network folder)")
            scenarios = load_scenarios(path, network, default_ttr=args.ttr)
    except (NetworkError, ClusterUnavailable) as exc:
        print(f"steadfast analyze: error: {exc}", file=sys.stderr)
        return 1

    from tqdm import tqdm

    with tqdm(total=len(scenarios), unit="scenario", file=sys.stderr, desc="analyse") as bar:
        analysis = analyse(network, scenarios, workers=args.workers, dask=args.dask, progress=bar.update,
                           default_ttr=args.ttr)
    rows = ([analysis.baseline] if args.baseline else []) + analysis.results
    if args.baseline:
        print(f"baseline TTS: {analysis.baseline_tts:g} days", file=sys.stderr)
    if args.out is not None:
        with args.out.open("w", newline="", encoding="utf-8") as handle:
            write_csv(rows, handle)
    else:
        write_csv(rows, sys.stdout)
        sys.stdout.flush()
    return 0
