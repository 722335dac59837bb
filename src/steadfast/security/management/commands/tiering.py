"""steadfast tiering {recompute,show}: inherent risk and tiers of suppliers from the CLI."""

import json
import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from steadfast.network.models import Supplier
from steadfast.security.models import SupplierRiskProfile
from steadfast.security.services.tiering import recompute_tiers

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = ("Inherent risk and tiers: 'recompute' scores every supplier (or --supplier REF ...) from its intake "
            "profile and its weight on the business map; 'show REF' prints one supplier's tier and reasons.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="recompute inherent risk and tiers")
        recompute.add_argument("--supplier", action="append", default=[], metavar="REF",
                               help="only this supplier (repeatable); default: all")
        recompute.add_argument("--json", action="store_true", help="print the summary as JSON")
        show = sub.add_parser("show", help="one supplier's inherent risk, tier and reasons")
        show.add_argument("ref")
        show.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except ValidationError as exc:
            raise command_error(exc) from None

    def do_recompute(self, **options):
        ids = None
        if options["supplier"]:
            found = dict(Supplier.objects.filter(ref__in=options["supplier"]).values_list("ref", "pk"))
            missing = [ref for ref in options["supplier"] if ref not in found]
            if missing:
                raise CommandError(f"--supplier: no supplier with ref {missing[0]!r}")
            ids = list(found.values())
        started = time.perf_counter()
        with tqdm(total=0, unit="supplier", desc="tiering", file=sys.stderr, disable=None, leave=False) as bar:
            def report(done, total, message=""):
                bar.total, bar.n = total, done
                bar.set_postfix_str(message[:40])
                bar.refresh()

            summary = recompute_tiers(actor=None, supplier_ids=ids, report=report)
        summary["seconds"] = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({**summary, "tiers": {str(k): v for k, v in summary["tiers"].items()}}))
            return
        self.stdout.write(f"{summary['suppliers']:,} suppliers scored in {summary['seconds']} s "
                          f"({summary['created']:,} new profiles, {summary['changed']:,} changed)")
        for tier, count in summary["tiers"].items():
            self.stdout.write(f"  tier {tier}: {count:,}")

    def do_show(self, **options):
        profile = (SupplierRiskProfile.objects.select_related("supplier").filter(supplier__ref=options["ref"]).first())
        if profile is None:
            if not Supplier.objects.filter(ref=options["ref"]).exists():
                raise CommandError(f"no supplier with ref {options['ref']!r}")
            raise CommandError(f"{options['ref']} has not been tiered yet: run 'steadfast tiering recompute'")
        row = {"supplier": profile.supplier.ref, "inherent_score": profile.inherent_score, "tier": profile.tier,
               "tier_override": profile.tier_override, "effective_tier": profile.effective_tier,
               "reasons": profile.tier_reasons,
               "next_reassessment_due": profile.next_reassessment_due and profile.next_reassessment_due.isoformat()}
        if options["json"]:
            self.stdout.write(json.dumps(row))
            return
        self.stdout.write(f"{profile.supplier.ref} {profile.supplier.legal_name}: tier {profile.effective_tier}, "
                          f"inherent risk {profile.inherent_score}")
        if profile.tier_override:
            self.stdout.write(f"  overridden from {profile.tier}: {profile.tier_override_reason}")
        for reason in profile.tier_reasons:
            if isinstance(reason, dict) and reason.get("kind") == "rule":
                self.stdout.write(f"  ! {reason['factor']}: {reason['detail']}")
            elif isinstance(reason, dict):
                self.stdout.write(f"  - {reason['factor']}: {reason['detail']} "
                                  f"({reason['points']:.1f} of {reason['weight']})")
            else:
                self.stdout.write(f"  - {reason}")
