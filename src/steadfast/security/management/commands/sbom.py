from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from steadfast.network.models import Item, Supplier
from steadfast.security.services.sbom import upload_sbom

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = "Upload a supplier's CycloneDX JSON SBOM (spec 1.4-1.6) and match its components to CISA KEV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        upload = sub.add_parser("upload")
        upload.add_argument("file")
        upload.add_argument("--supplier", required=True, help="supplier ref")
        upload.add_argument("--item", help="item ref (optional)")

    def handle(self, *args, action, file, supplier, item, **options):
        found = Supplier.objects.filter(ref=supplier).first()
        if found is None:
            raise CommandError(f"no supplier with ref {supplier!r}")
        item_obj = None
        if item:
            item_obj = Item.objects.filter(ref=item).first()
            if item_obj is None:
                raise CommandError(f"no item with ref {item!r}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = upload_sbom(actor=None, supplier=found, content=path.read_bytes(), filename=path.name, item=item_obj)
        except ValidationError as exc:
            raise command_error(exc) from None
        sbom = result.sbom
        state = "stored" if result.created else "already stored (same SHA-256)"
        self.stdout.write(f"{path.name}: {state}, CycloneDX {sbom.spec_version}, {sbom.component_count} components, "
                          f"{result.matches} KEV matches")
