from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from steadfast.core.models import ApiToken, User
from steadfast.core.services.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "Create, list or revoke API tokens. The secret is printed once and stored hashed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for a user")
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="cli")
        create.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ,
                            help="read (default): reads only; write: also changes what the user's role may change")
        create.add_argument("--expires-days", type=int, default=None,
                            help="lifetime in days (default STEADFAST_API_TOKEN_DAYS)")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="revoke a token by id")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, action, **options):
        if action == "revoke":
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"no token with id {options['token_id']}")
            revoke_token(actor=None, token=token)
            self.stdout.write(f"revoked token {token.pk} ({token.name})")
            return
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user named {options['user']!r}")
        if action == "list":
            for token in user.api_tokens.all():
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.pk}\t{token.name}\t{token.prefix}…\t{token.scope}\t{state}\texpires {token.expires_at or 'never'}")
            return
        try:
            _, secret = create_token(actor=None, user=user, name=options["name"], expires_days=options["expires_days"],
                                     scope=options["scope"])
        except (ValueError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(secret)
