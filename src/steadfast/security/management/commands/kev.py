from django.core.exceptions import ValidationError

from steadfast.security.services.kev import SHIPPED_KEV, import_kev

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = "Import the CISA Known Exploited Vulnerabilities catalog (JSON); re-import updates it and re-runs SBOM matching."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import or update from a KEV JSON file")
        importer.add_argument("file", nargs="?", default=str(SHIPPED_KEV), help="default: the shipped snapshot")

    def handle(self, *args, action, file, **options):
        try:
            result = import_kev(actor=None, path=file)
        except ValidationError as exc:
            raise command_error(exc) from None
        self.stdout.write(f"KEV catalog {result.catalog_version}: {result.total} entries, {result.added} added, "
                          f"{result.updated} updated, {result.unchanged} unchanged; {result.matches_added} new SBOM matches")
