"""`steadfast incidents_alert_source`: tokens for monitoring systems (POST /api/v1/alerts only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from steadfast.incidents.models import AlertSource
from steadfast.incidents.services.alerts import create_alert_source, revoke_alert_source


class Command(BaseCommand):
    help = ("Create a monitoring system's alert token (shown once; it opens POST /api/v1/alerts and "
            "/api/v1/alerts/batch and nothing else), list them, or revoke one.")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--create", metavar="NAME", help="name of the monitoring system")
        group.add_argument("--revoke", metavar="NAME")
        group.add_argument("--list", action="store_true")

    def handle(self, *args, create=None, revoke=None, list=False, **options):  # noqa: A002
        if create is not None:
            try:
                source, secret = create_alert_source(actor=None, name=create)
            except ValidationError as exc:
                raise CommandError(f"--create: {' '.join(exc.messages)}") from exc
            self.stdout.write(f"Alert token for {source.name} (shown once, keep it secret):\n{secret}")
        elif revoke is not None:
            source = AlertSource.objects.filter(name=revoke).first()
            if source is None:
                raise CommandError(f"--revoke: no alert source named {revoke!r}")
            revoke_alert_source(actor=None, source=source)
            self.stdout.write(f"Revoked the token of {source.name}.")
        else:
            for source in AlertSource.objects.order_by("name"):
                state = f"revoked {source.revoked_at:%Y-%m-%d}" if source.revoked_at else "active"
                used = f"last used {source.last_used_at:%Y-%m-%d %H:%M} UTC" if source.last_used_at else "never used"
                self.stdout.write(f"{source.name:<30} {source.prefix}…  {state}, {used}")
