import os

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services.accounts import create_user

# Memorable, clearly-demo passwords that pass the validators (not similar to the user names).
DEMO_PASSWORDS = ("amber-falcon-42", "birch-lantern-17", "cobalt-meadow-83", "delta-orchard-29",
                  "ember-compass-65", "fjord-quartz-51", "granite-willow-38", "harbor-thistle-74")


DEMO_USERNAMES = {
    Role.ADMINISTRATOR: "admin", Role.RISK_ANALYST: "analyst", Role.PRIVACY_OFFICER: "privacy",
    Role.CONTINUITY_MANAGER: "continuity", Role.INCIDENT_MANAGER: "incident", Role.AUDITOR: "auditor",
    Role.SUPPLIER_RESPONDENT: "supplier", Role.CUSTOMER_VIEWER: "customer",
}


class Command(BaseCommand):
    help = "Prepare the demo: load the demo organisation (once) and one account per role."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--scale", type=float, default=float(os.environ.get("STEADFAST_DEMO_SCALE", "1.0")),
                            help="fraction of the full demo size (STEADFAST_DEMO_SCALE; tests use less)")

    def handle(self, *args, seed, scale, **options):
        supplier = customer = None
        commands = _commands()
        if "security_setup" in commands:
            call_command("security_setup")  # frameworks, baseline questionnaire, KEV snapshot (idempotent)
        if apps.is_installed("steadfast.network"):
            Supplier = apps.get_model("network", "Supplier")
            if not Supplier.objects.exists() and "demo" in commands:
                call_command("demo", seed=seed, scale=scale)
                if "security_demo" in commands:
                    call_command("security_demo", seed=seed)
                if "privacy_demo" in commands:
                    call_command("privacy_demo", seed=seed, scale=scale)
            supplier = _demo_respondent_supplier(Supplier)
            customer = (apps.get_model("network", "Customer").objects.filter(networks__isnull=False)
                        .order_by("ref").first())
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
            if not User.objects.filter(username=username).exists():
                create_user(actor=None, username=username, role=role, password=password,
                            email=f"{username}@demo.steadfast.invalid", **scope)
            rows.append((username, password, role.label, str(scope.get("supplier") or scope.get("customer") or "")))
        self.stdout.write(f"\nDemo accounts (sign in at http://127.0.0.1:{os.environ.get('PORT') or '8000'}/):")
        for username, password, label, scope in rows:
            self.stdout.write(f"  {username:<22} {password:<34} {label}{'  — ' + scope if scope else ''}")
        self.stdout.write("")


def _demo_respondent_supplier(Supplier):
    """The supplier the demo respondent answers for: one with a questionnaire to work on, if any."""
    if apps.is_installed("steadfast.security"):
        Assessment = apps.get_model("security", "Assessment")
        open_one = (Assessment.objects.filter(status__in=["invited", "in_progress", "returned"])
                    .order_by("supplier__ref").values_list("supplier_id", flat=True).first())
        if open_one:
            return Supplier.objects.get(pk=open_one)
    return Supplier.objects.order_by("ref").first()


def _commands() -> set[str]:
    from django.core.management import get_commands

    return set(get_commands())
