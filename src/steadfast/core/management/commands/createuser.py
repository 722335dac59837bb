import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from steadfast.core.roles import Role
from steadfast.core.services.accounts import create_user
from steadfast.core.services.scope_refs import resolve_scope

OPTION_OF = {"supplier_ref": "--supplier", "customer_ref": "--customer", "supplier": "--supplier",
             "customer": "--customer"}


class Command(BaseCommand):
    help = "Create a user with a role (and the supplier or customer a scoped role is tied to)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--supplier", default="", help="supplier ref, for supplier_respondent")
        parser.add_argument("--customer", default="", help="customer ref, for customer_viewer")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None,
                            help="taken from STEADFAST_PASSWORD or asked for when not given")

    def handle(self, *args, username, role, supplier, customer, email, password, **options):
        password = password or os.environ.get("STEADFAST_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("no password: pass --password, set STEADFAST_PASSWORD, or run interactively")
            password = getpass.getpass("Password: ")
        try:
            supplier_obj, customer_obj = resolve_scope(supplier_ref=supplier, customer_ref=customer)
            user = create_user(actor=None, username=username, role=role, password=password, email=email,
                               supplier=supplier_obj, customer=customer_obj)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            # Name the command-line option the user typed, not the service's field.
            named = {OPTION_OF.get(k, k): v for k, v in messages.items()}
            raise CommandError("; ".join(f"{k + ': ' if k and k != '__all__' else ''}{' '.join(v)}" for k, v in named.items())) from None
        self.stdout.write(self.style.SUCCESS(f"created {user.username} ({user.role_label})"))
