"""`steadfast continuity scenario|montecarlo|run`: the continuity services from the command line."""

from __future__ import annotations

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from steadfast.continuity.models import AnalysisRun, RunStatus
from steadfast.continuity.services.events import event_loss_table, events_of, stored_event_loss_table
from steadfast.continuity.services.map_network import map_network
from steadfast.continuity.services.montecarlo import simulate_events
from steadfast.continuity.services.runs import compute_event_losses, create_run, run_analysis
from steadfast.continuity.services.scenarios import Selection, run_scenario

# The service's field → the option a user typed.
_OPTION = {"ttr_days": "--ttr", "radius_km": "--circle", "latitude": "--circle", "longitude": "--circle",
           "years": "--years", "seed": "--seed", "default_ttr_days": "--ttr"}


def _refs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class Command(BaseCommand):
    help = "Continuity analyses: a disruption scenario, Monte Carlo years, a full stored run."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scenario = sub.add_parser("scenario", help="lose sites (by ref, supplier, country or circle) for a TTR")
        chosen = scenario.add_mutually_exclusive_group(required=True)
        chosen.add_argument("--sites", metavar="REF,…")
        chosen.add_argument("--suppliers", metavar="REF,…")
        chosen.add_argument("--countries", metavar="CC,…")
        chosen.add_argument("--circle", metavar="LAT,LON,KM")
        scenario.add_argument("--ttr", type=float, default=14.0, help="days to recover (default 14)")
        scenario.add_argument("--json", action="store_true", help="one JSON object on stdout")
        mc = sub.add_parser("montecarlo", help="simulate years of hazard and cyber events over the map")
        mc.add_argument("--years", type=int, default=10_000)
        mc.add_argument("--seed", type=int, default=1)
        mc.add_argument("--from-run", action="store_true",
                        help="use the latest analysis's stored event loss table instead of solving it now")
        mc.add_argument("--json", action="store_true")
        run = sub.add_parser("run", help="analyse every source and site now and store the results")
        run.add_argument("--ttr", type=float, default=14.0, help="default days to recover")
        run.add_argument("--label", default="")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as exc:
            raise CommandError(self._message(exc, options)) from None

    def _message(self, exc: ValidationError, options) -> str:
        if not hasattr(exc, "message_dict"):
            return "; ".join(exc.messages)
        chosen = next((f"--{k}" for k in ("sites", "suppliers", "countries", "circle") if options.get(k)), "--sites")
        parts = []
        for field, messages in exc.message_dict.items():
            option = chosen if field == "refs" else _OPTION.get(field, field)
            parts.append(f"{option}: {'; '.join(messages)}")
        return "; ".join(parts)

    def _scenario(self, *, sites, suppliers, countries, circle, ttr, json: bool, **_):
        if circle is not None:
            try:
                lat, lon, km = (float(x) for x in circle.split(","))
            except ValueError:
                raise CommandError(f"--circle: expected LAT,LON,KM (three numbers), got {circle!r}") from None
            selection = Selection(kind="circle", ttr_days=ttr, latitude=lat, longitude=lon, radius_km=km)
        else:
            kind, text = next((k, v) for k, v in (("sites", sites), ("suppliers", suppliers),
                                                  ("countries", countries)) if v is not None)
            selection = Selection(kind=kind, ttr_days=ttr, refs=_refs(text))
        answer = run_scenario(selection)
        if json:
            self._print_json({k: v for k, v in answer.items() if k != "curve"})
            return
        tts = "unbounded" if answer["tts"] is None else f"{answer['tts']:.1f} days"
        self.stdout.write(f"{answer['sites']:,} sites ({answer['nodes']:,} sources) lost for {ttr:g} days: TTS {tts}, "
                          f"PI {answer['pi']:,.0f}")
        for product in answer["products"][:20]:
            own = "unbounded" if product["tts"] is None else f"{product['tts']:,.1f} days"
            self.stdout.write(f"  {product['ref']:<24} {product['pi']:>16,.0f}  ({product['lost_units']:,.0f} units short, "
                              f"TTS {own})")
        self.stdout.write(f"customer networks hit: {answer['networks']:,}, subscribers {answer['subscribers']:,}, "
                          f"annual revenue at risk {answer['revenue_at_risk']:,.0f}")

    def _montecarlo(self, *, years, seed, json: bool, from_run: bool = False, **_):
        if years <= 0:
            raise CommandError(f"--years: the number of years must be a positive whole number, got {years}")
        if seed < 0:
            raise CommandError(f"--seed: the seed must be a non-negative whole number, got {seed}")
        if from_run:
            run = (AnalysisRun.objects.filter(status=RunStatus.SUCCEEDED, event_losses__isnull=False)
                   .order_by("-finished_at", "-pk").first())
            if run is None:
                raise CommandError("--from-run: no analysis has a stored event loss table yet")
            events = stored_event_loss_table(run)
        else:
            network = map_network()
            with tqdm(total=len(events_of(network)), desc="event losses", unit="event", file=sys.stderr) as bar:
                events = event_loss_table(network, progress=bar.update)
        answer = simulate_events(events, years=years, seed=seed)
        if json:
            self._print_json({k: answer[k] for k in ("years", "seed", "aal", "aal_se", "expected_aal", "var", "tvar",
                                                     "contributions", "events")})
            return
        self.stdout.write(f"{len(events):,} events, {years:,} years (seed {seed}): AAL {answer['aal']:,.0f} "
                          f"± {answer['aal_se']:,.0f} (Σ rate × loss {answer['expected_aal']:,.0f})")
        for level in answer["var"]:
            self.stdout.write(f"  VaR {float(level):.1%}: {answer['var'][level]:,.0f}   TVaR: {answer['tvar'][level]:,.0f}")

    def _run(self, *, ttr, label, **_):
        run = create_run(actor=None, label=label, default_ttr_days=ttr)
        bar = tqdm(desc="scenarios", unit="scenario", file=sys.stderr)

        def report(done, total=None, message=""):
            if total is not None:
                bar.total = total
            bar.n = done
            bar.refresh()

        run = run_analysis(run, report=report)
        bar.close()
        self.stdout.write(f"run {run.pk}: {run.scenarios:,} scenarios, {run.at_risk:,} at risk, "
                          f"{run.duration_seconds:.0f} s")
        bar = tqdm(desc="events", unit="event", file=sys.stderr)
        count = compute_event_losses(run, report=report)
        bar.close()
        self.stdout.write(f"event loss table: {count:,} events")

    def _print_json(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, allow_nan=False))
