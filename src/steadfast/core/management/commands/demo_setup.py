import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

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

    def handle(self, *args, seed, scale, **options):
        chosen = {"seed": seed, "scale": scale}
        for command, _ in DEMO_REFERENCE_DATA:
            call_command(command)
        if not Supplier.objects.exists():
            for command, option_names in DEMO_ORGANISATION:
                call_command(command, **{name: chosen[name] for name in option_names})
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
        rows = [(u, p, label, f"oversees {oversees}" if u == DEMO_USERNAMES[Role.REGULATOR] and oversees else scope)
                for u, p, label, scope in rows]
        self.stdout.write(f"\nDemo accounts (sign in at http://127.0.0.1:{os.environ.get('PORT') or '8000'}/):")
        for username, password, label, scope in rows:
            self.stdout.write(f"  {username:<22} {password:<34} {label}{'  — ' + scope if scope else ''}")
        self.stdout.write("")


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
