from django.core.exceptions import ValidationError

from steadfast.security.services.setup import setup_security

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = ("Load the shipped security reference data (idempotent): NIST CSF 2.0 and SP 800-53 rev 5 catalogs, "
            "the supplier baseline questionnaire and the CISA KEV snapshot.")

    def handle(self, *args, **options):
        try:
            summary = setup_security(actor=None)
        except ValidationError as exc:
            raise command_error(exc) from None
        for line in summary:
            self.stdout.write(line)
