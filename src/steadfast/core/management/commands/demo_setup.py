import contextlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from steadfast.core.links import base_url
from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services.accounts import create_user
from steadfast.network.models import Customer, Supplier
from steadfast.security.models import Assessment
from steadfast.transparency.demo.centres import finish_demo_accounts

# Memorable, clearly-demo passwords that pass the validators (not similar to the user names).
DEMO_PASSWORDS = ("amber-falcon-42", "birch-lantern-17", "cobalt-meadow-83", "delta-orchard-29",
                  "ember-compass-65", "fjord-quartz-51", "granite-willow-38", "harbor-thistle-74",
                  "iris-beacon-56")


DEMO_USERNAMES = {
    Role.ADMINISTRATOR: "admin", Role.RISK_ANALYST: "analyst", Role.PRIVACY_OFFICER: "privacy",
    Role.CONTINUITY_MANAGER: "continuity", Role.INCIDENT_MANAGER: "incident", Role.AUDITOR: "auditor",
    Role.SUPPLIER_RESPONDENT: "supplier", Role.CUSTOMER_VIEWER: "customer", Role.REGULATOR: "regulator",
}

# Each app's part of the demo, one line per app (docs/conventions.md, "How a new app plugs in"):
# (management command, the demo_setup options it takes). Reference data is loaded on every run
# (the commands are idempotent); the organisation is generated once, onto an empty map, in this
# order, since later apps attach their records to the map the first one draws.
DEMO_REFERENCE_DATA = [
    ("security_setup", ()),  # frameworks, baseline questionnaire, KEV snapshot
]
DEMO_ORGANISATION = [
    ("demo", ("seed", "scale")),  # network: suppliers, sites, items, products, customers
    ("security_demo", ("seed",)),  # security: tiers, campaigns, assessments, findings
    ("privacy_demo", ("seed", "scale")),  # privacy
    ("continuity_demo", ("seed",)),  # continuity
    ("incidents_demo", ("seed", "scale")),  # incidents
    ("centres_demo", ("seed",)),  # transparency centres and the stakeholder portal
    ("transparency_demo", ("seed",)),  # transparency: signed publications of the figures (last: they count the rest)
]


class Command(BaseCommand):
    help = "Prepare the demo: load the demo organisation (once) and one account per role."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--scale", type=float, default=float(os.environ.get("STEADFAST_DEMO_SCALE", "1.0")),
                            help="fraction of the full demo size (STEADFAST_DEMO_SCALE; tests use less)")
        parser.add_argument("--migrate", action="store_true", help="create or update the database tables first")
        parser.add_argument("--log", default=None,
                            help="where the steps' own output goes (default var/setup.log); the terminal shows progress")

    def handle(self, *args, seed, scale, migrate, log, **options):
        chosen = {"seed": seed, "scale": scale}
        log_path = Path(log) if log else Path(settings.VAR_DIR) / "setup.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        steps: list[tuple[str, str, dict]] = []
        if migrate:
            steps.append(("database tables", "migrate", {"interactive": False}))
        steps += [(_step_label(command), command, {}) for command, _ in DEMO_REFERENCE_DATA]
        organisation = DEMO_ORGANISATION if _map_is_empty() else []
        self._total, self._done = len(steps) + (len(organisation) or 1), 0
        with open(log_path, "a", buffering=1) as output:
            output.write(f"\n=== demo_setup {time.strftime('%Y-%m-%d %H:%M:%S')} (seed {seed}, scale {scale})\n")
            for label, command, kwargs in steps:
                self._run_step(output, label, command, kwargs)
            if organisation:
                for command, option_names in organisation:
                    self._run_step(output, _step_label(command), command,
                                   {name: chosen[name] for name in option_names})
            else:
                self._progress("demo organisation", "already there (kept)")
        rows = self._accounts()
        self.stdout.write(f"\nDemo accounts (sign in at {base_url()}/):")
        for username, password, label, scope in rows:
            self.stdout.write(f"  {username:<22} {password:<34} {label}{'  — ' + scope if scope else ''}")
        self.stdout.write(f"Set-up details: {log_path}\n")

    def _progress(self, label: str, outcome: str) -> None:
        self._done += 1
        self.stdout.write(f"  \N{CHECK MARK} [{self._done}/{self._total}] {label:<52} {outcome}")
        self.stdout.flush()

    def _run_step(self, output, label: str, command: str, kwargs: dict) -> None:
        """One step, its own output (and warnings and log records) to the log; one line here."""
        self.stdout.write(f"  \N{HORIZONTAL ELLIPSIS} [{self._done + 1}/{self._total}] {label}", ending="\r" if self.stdout.isatty() else "\n")
        self.stdout.flush()
        output.write(f"--- {command} {kwargs}\n")
        began = time.monotonic()
        with _log_to(output), contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            call_command(command, stdout=output, stderr=output, **kwargs)
        self._progress(label, f"{time.monotonic() - began:5.1f} s")

    def _accounts(self) -> list[tuple[str, str, str, str]]:
        existing = {user.username: user for user in User.objects.select_related("supplier", "customer")
                    .filter(username__in=DEMO_USERNAMES.values())}
        supplier = demo_respondent_supplier(existing.get(DEMO_USERNAMES[Role.SUPPLIER_RESPONDENT]))
        customer = Customer.objects.filter(networks__isnull=False).order_by("ref").first()
        rows = []
        for index, role in enumerate(Role):
            username = DEMO_USERNAMES[role]
            password = DEMO_PASSWORDS[index]
            scope = {}
            if role == Role.SUPPLIER_RESPONDENT:
                if supplier is None:
                    continue
                scope["supplier"] = supplier
            if role == Role.CUSTOMER_VIEWER:
                if customer is None:
                    continue
                scope["customer"] = customer
            if username in existing:  # show whom the account is bound to, not whom it would be today
                scope = {"supplier": existing[username].supplier, "customer": existing[username].customer}
            else:
                create_user(actor=None, username=username, role=role, password=password,
                            email=f"{username}@demo.steadfast.invalid", **scope)
            rows.append((username, password, role.label, str(scope.get("supplier") or scope.get("customer") or "")))
        oversees = finish_demo_accounts()  # the regulator's country (bound once), owners of the portal's documents
        return [(u, p, label, f"oversees {oversees}" if u == DEMO_USERNAMES[Role.REGULATOR] and oversees else scope)
                for u, p, label, scope in rows]


STEP_LABELS = {
    "security_setup": "security reference data (frameworks, KEV)",
    "demo": "business map (suppliers, sites, items, customers)",
    "security_demo": "security (tiers, campaigns, assessments)",
    "privacy_demo": "privacy (processing, agreements, transfers)",
    "continuity_demo": "continuity (impact analyses, plans, exercises)",
    "incidents_demo": "incidents (major incidents, reviews)",
    "centres_demo": "transparency centres and the stakeholder portal",
    "transparency_demo": "signed publications of the figures",
}


def _step_label(command: str) -> str:
    return STEP_LABELS.get(command, command.replace("_", " "))


def _map_is_empty() -> bool:
    """No supplier yet, or no table yet: on a fresh machine this runs before `--migrate` creates them."""
    if Supplier._meta.db_table not in connection.introspection.table_names():
        return True
    return not Supplier.objects.exists()


@contextlib.contextmanager
def _log_to(stream):
    """Point the console log handlers at `stream` for the duration (they hold the terminal's stderr)."""
    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)]
    previous = [h.setStream(stream) for h in handlers]
    try:
        yield
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


def demo_respondent_supplier(respondent: User | None = None) -> Supplier | None:
    """The supplier the demo respondent answers for: the one it is bound to, so that a restart never
    moves it (even after its questionnaires are answered); for a new account the first supplier by
    ref with a questionnaire to work on, if any."""
    if respondent is not None and respondent.supplier_id:
        return respondent.supplier
    open_one = (Assessment.objects.filter(status__in=["invited", "in_progress", "returned"])
                .order_by("supplier__ref").values_list("supplier_id", flat=True).first())
    if open_one:
        return Supplier.objects.get(pk=open_one)
    return Supplier.objects.order_by("ref").first()
