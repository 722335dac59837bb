import json

from django.core.exceptions import ValidationError

from steadfast.security.models import Framework
from steadfast.security.services.frameworks import import_framework

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = "Import OSCAL control catalogs (JSON or XML) and list the imported frameworks."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import one OSCAL catalog (or resolved profile catalog)")
        importer.add_argument("file")
        importer.add_argument("--json", action="store_true", help='print {"framework", "version", "controls"}')
        sub.add_parser("list", help="list imported frameworks")

    def handle(self, *args, action, **options):
        if action == "list":
            for framework in Framework.objects.order_by("name", "version"):
                self.stdout.write(f"{framework.pk}\t{framework.name}\t{framework.version}\t{framework.controls.count()}")
            return
        try:
            result = import_framework(actor=None, path=options["file"])
        except ValidationError as exc:
            raise command_error(exc) from None
        framework = result.framework
        if options["json"]:
            self.stdout.write(json.dumps({"framework": framework.name, "version": framework.version,
                                          "controls": result.controls}))
            return
        verb = "imported" if result.created else "already imported (unchanged)"
        self.stdout.write(f"{framework.name} {framework.version}: {verb}, {result.controls} controls and "
                          f"enhancements ({result.withdrawn} withdrawn)")
